package dev.bringup.ui.internal;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CommandStack;
import org.eclipse.emf.common.command.CommandStackListener;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.action.Action;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.actions.ActionFactory;

/**
 * Edit > Undo and Redo of one EMF command stack, as the global action handlers of a part's (or a
 * page's) action bars: enabled when the stack can undo or redo, labelled with the command
 * ("Undo Set Granule"), bound to the workbench's undo and redo commands (Ctrl+Z, Ctrl+Y or
 * Ctrl+Shift+Z). Follows the stack until {@link #dispose()}.
 */
public final class UndoActions {

    private final CommandStack stack;
    private final Action undo;
    private final Action redo;
    private final CommandStackListener listener = e -> update();

    public UndoActions(CommandStack stack) {
        this.stack = stack;
        undo = new Action(Messages.Edit_undo) {
            @Override
            public void run() {
                stack.undo();
            }
        };
        redo = new Action(Messages.Edit_redo) {
            @Override
            public void run() {
                stack.redo();
            }
        };
        undo.setActionDefinitionId(IWorkbenchCommandConstants.EDIT_UNDO);
        redo.setActionDefinitionId(IWorkbenchCommandConstants.EDIT_REDO);
        update();
        stack.addCommandStackListener(listener);
    }

    /** Makes these the handlers of Edit > Undo and Redo while the bars' part (or page) is active. */
    public void install(IActionBars bars) {
        bars.setGlobalActionHandler(ActionFactory.UNDO.getId(), undo);
        bars.setGlobalActionHandler(ActionFactory.REDO.getId(), redo);
        bars.updateActionBars();
    }

    /** Enablement and labels from the stack's next undo and redo commands. */
    public void update() {
        undo.setEnabled(stack.canUndo());
        undo.setText(label(Messages.Edit_undo, Messages.Edit_undoLabel, stack.canUndo() ? stack.getUndoCommand() : null));
        redo.setEnabled(stack.canRedo());
        redo.setText(label(Messages.Edit_redo, Messages.Edit_redoLabel, stack.canRedo() ? stack.getRedoCommand() : null));
    }

    private static String label(String plain, String named, @Nullable Command c) {
        String name = c == null ? null : c.getLabel();
        return name == null || name.isBlank() ? plain : Messages.bind(named, name);
    }

    public Action undo() {
        return undo;
    }

    public Action redo() {
        return redo;
    }

    /** Stops following the stack. */
    public void dispose() {
        stack.removeCommandStackListener(listener);
    }
}
