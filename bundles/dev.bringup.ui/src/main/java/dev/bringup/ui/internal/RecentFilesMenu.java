package dev.bringup.ui.internal;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.CompoundContributionItem;

/** File > Open Recent: the files opened last (kept in the preferences), numbered for the keyboard. */
final class RecentFilesMenu extends CompoundContributionItem {

    private final IWorkbenchWindow window;

    RecentFilesMenu(IWorkbenchWindow window) {
        super("dev.bringup.ui.recentFiles"); //$NON-NLS-1$
        this.window = window;
    }

    @Override
    protected IContributionItem[] getContributionItems() {
        List<Path> recent = Opener.recent();
        if (recent.isEmpty()) {
            Action none = new Action(Messages.Open_recentEmpty) {
            };
            none.setEnabled(false);
            return new IContributionItem[] { new ActionContributionItem(none) };
        }
        IContributionItem[] items = new IContributionItem[recent.size()];
        for (int i = 0; i < recent.size(); i++) {
            Path p = recent.get(i);
            Action a = new Action("&" + (i + 1) + " " + p.getFileName() + "  [" + p.getParent() + "]") { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
                @Override
                public void run() {
                    Opener.open(window, p);
                }
            };
            items[i] = new ActionContributionItem(a);
        }
        return items;
    }
}
