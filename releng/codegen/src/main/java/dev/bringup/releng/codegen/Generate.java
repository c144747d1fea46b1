package dev.bringup.releng.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.emf.codegen.ecore.generator.Generator;
import org.eclipse.emf.codegen.ecore.generator.GeneratorAdapterFactory;
import org.eclipse.emf.codegen.ecore.genmodel.GenModel;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelFactory;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelPackage;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenBaseGeneratorAdapter;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenModelGeneratorAdapterFactory;
import org.eclipse.emf.common.util.BasicMonitor;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.plugin.EcorePlugin;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;

/**
 * Regenerates the EMF model code of Bring-up Workbench outside Eclipse:
 * <ol>
 * <li>loads {@code bundles/dev.bringup.model/model/bringup.genmodel} and the {@code .ecore} it names,</li>
 * <li>rebuilds the genmodel from the ecore and carries the old genmodel's settings over
 * (what EMF's "Reload" does), validates the ecore, and saves the genmodel,</li>
 * <li>runs EMF's generator into a scratch folder and replaces {@code src-gen} (and the
 * generated {@code plugin.xml}/{@code plugin.properties}) of the bundle with the result,
 * so no hand-written file is ever touched.</li>
 * </ol>
 * With {@code edit} ({@code -Dcodegen.args=edit}) it also generates the item providers into
 * {@code bundles/dev.bringup.model.edit/src-gen}.
 * Usage: {@code ./mvnw -q -f releng/codegen/pom.xml compile exec:java} (from the repository root).
 */
public final class Generate {

    private static final String MODEL_BUNDLE = "dev.bringup.model";
    private static final String EDIT_BUNDLE = "dev.bringup.model.edit";

    private Generate() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : ".").toAbsolutePath().normalize();
        boolean edit = List.of(args).contains("--edit") || List.of(args).contains("edit");
        Path bundle = root.resolve("bundles").resolve(MODEL_BUNDLE);
        Path genmodelFile = bundle.resolve("model/bringup.genmodel");
        if (!Files.isRegularFile(genmodelFile)) {
            System.err.println("codegen: " + genmodelFile + " not found; give the repository root as the first argument");
            System.exit(2);
        }
        Path scratch = Files.createTempDirectory("bringup-codegen");
        try {
            generate(bundle, genmodelFile, scratch, edit);
            replace(scratch.resolve(MODEL_BUNDLE), bundle, List.of("src-gen", "plugin.xml", "plugin.properties"));
            if (edit) {
                Path editBundle = root.resolve("bundles").resolve(EDIT_BUNDLE);
                Files.createDirectories(editBundle);
                replace(scratch.resolve(EDIT_BUNDLE), editBundle, List.of("src-gen", "plugin.xml", "plugin.properties", "icons"));
            }
        } finally {
            deleteTree(scratch);
        }
        System.out.println("codegen: regenerated " + root.relativize(bundle.resolve("src-gen")) + (edit ? " and the edit code" : ""));
    }

    private static void generate(Path bundle, Path genmodelFile, Path scratch, boolean edit) throws IOException {
        EcorePackage.eINSTANCE.eClass();
        GenModelPackage.eINSTANCE.eClass();
        EPackage.Registry.INSTANCE.put(GenModelPackage.eNS_URI, GenModelPackage.eINSTANCE);
        Map<String, Object> factories = Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap();
        factories.put("ecore", new EcoreResourceFactoryImpl());
        factories.put("genmodel", new XMIResourceFactoryImpl());
        factories.put(Resource.Factory.Registry.DEFAULT_EXTENSION, new XMIResourceFactoryImpl());
        // The genmodel names folders as /<bundle>/...: the model is read from the bundle, code is written to scratch.
        EcorePlugin.getPlatformResourceMap().put(MODEL_BUNDLE, URI.createFileURI(scratch.resolve(MODEL_BUNDLE) + "/"));
        EcorePlugin.getPlatformResourceMap().put(EDIT_BUNDLE, URI.createFileURI(scratch.resolve(EDIT_BUNDLE) + "/"));
        Files.createDirectories(scratch.resolve(MODEL_BUNDLE));

        ResourceSet rs = new ResourceSetImpl();
        URI genmodelUri = URI.createFileURI(genmodelFile.toString());
        Resource oldResource = rs.getResource(genmodelUri, true);
        GenModel old = (GenModel) oldResource.getContents().get(0);
        String ecoreName = old.getForeignModel().isEmpty() ? "bringup.ecore" : old.getForeignModel().get(0);
        URI ecoreUri = URI.createFileURI(genmodelFile.getParent().resolve(ecoreName).toString());
        Resource ecoreResource = rs.getResource(ecoreUri, true);
        EPackage ePackage = (EPackage) ecoreResource.getContents().get(0);
        Diagnostic ecoreCheck = Diagnostician.INSTANCE.validate(ePackage);
        if (ecoreCheck.getSeverity() >= Diagnostic.ERROR) {
            throw new IllegalStateException("the ecore is not valid: " + describe(ecoreCheck));
        }

        // Reload: a fresh genmodel from the ecore, with the old genmodel's settings
        GenModel genModel = GenModelFactory.eINSTANCE.createGenModel();
        Resource newResource = rs.createResource(URI.createFileURI(genmodelFile + ".new"));
        newResource.getContents().add(genModel);
        genModel.initialize(List.of(ePackage));
        genModel.getForeignModel().addAll(old.getForeignModel());
        genModel.reconcile(old);
        rs.getResources().remove(oldResource);
        newResource.setURI(genmodelUri);
        newResource.save(Map.of(Resource.OPTION_SAVE_ONLY_IF_CHANGED, Resource.OPTION_SAVE_ONLY_IF_CHANGED_MEMORY_BUFFER));

        genModel.setCanGenerate(true);
        genModel.setUpdateClasspath(false);
        Diagnostic valid = genModel.diagnose();
        if (valid.getSeverity() >= Diagnostic.ERROR) {
            throw new IllegalStateException("the genmodel is not valid: " + describe(valid));
        }
        GeneratorAdapterFactory.Descriptor.Registry.INSTANCE.addDescriptor(GenModelPackage.eNS_URI,
                GenModelGeneratorAdapterFactory.DESCRIPTOR);
        Generator generator = new Generator();
        generator.setInput(genModel);
        check(generator.generate(genModel, GenBaseGeneratorAdapter.MODEL_PROJECT_TYPE, new BasicMonitor()), "model");
        if (edit) {
            check(generator.generate(genModel, GenBaseGeneratorAdapter.EDIT_PROJECT_TYPE, new BasicMonitor()), "edit");
        }
        EcoreUtil.resolveAll(rs);
    }

    private static void check(Diagnostic d, String what) {
        if (d.getSeverity() >= Diagnostic.ERROR) {
            throw new IllegalStateException("generating the " + what + " code failed: " + describe(d));
        }
    }

    private static String describe(Diagnostic d) {
        StringBuilder b = new StringBuilder(d.getMessage());
        for (Diagnostic c : d.getChildren()) {
            b.append("\n  ").append(describe(c));
        }
        return b.toString();
    }

    /** Replaces each named entry of {@code target} by the generated one (or removes it when nothing was generated). */
    private static void replace(Path generated, Path target, List<String> entries) throws IOException {
        for (String entry : entries) {
            Path from = generated.resolve(entry);
            Path to = target.resolve(entry);
            deleteTree(to);
            if (!Files.exists(from)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.sorted().toList()) {
                    Path dest = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
