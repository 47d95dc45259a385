package dev.lorakit.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.lorakit.lora.ndarray.ScalarOps;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No lorakit class hands a {@code Number} to an {@code NDArray} operation whose operand autograd
 * saves for the backward pass: DJL frees that operand at once and a garbage collection can then
 * corrupt the gradient (docs/training.md "Non-finite gradient norms with a finite loss"). Such
 * arithmetic goes through {@link ScalarOps}. Benchmarks are left out: they are measurements, not
 * the library. This module's test classpath holds every module, so the rule sees all of them.
 */
class NumberOperandRuleTest {

    /** DJL methods with a Number whose tensor autograd keeps (mul, div, pow save it; min/max mask by it). */
    private static final Set<String> SAVED_OPERAND =
            Set.of("mul", "muli", "div", "divi", "pow", "powi", "minimum", "maximum", "rdiv", "rdivi");

    private static final DescribedPredicate<JavaMethodCall> NUMBER_OPERAND =
            new DescribedPredicate<>("an NDArray operation given a java.lang.Number (use ScalarOps)") {
                @Override
                public boolean test(JavaMethodCall call) {
                    var target = call.getTarget();
                    return SAVED_OPERAND.contains(target.getName())
                            && target.getOwner().isAssignableTo(NDArray.class)
                            && target.getRawParameterTypes().size() == 1
                            && target.getRawParameterTypes().get(0).isEquivalentTo(Number.class);
                }
            };

    private static JavaClasses imported;

    /** Imported once: scanning the classpath is most of this class's time. */
    private static synchronized JavaClasses lorakitClasses() {
        if (imported == null) {
            imported = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(location -> location.contains("/dev/lorakit/"))
                    .importPackages("dev.lorakit");
        }
        return imported;
    }

    @Test
    void noNumberOperandsOutsideScalarOps() {
        JavaClasses classes = lorakitClasses();
        // Every product module is on this classpath; a missing one would let the rule pass blind.
        assertThat(classes.stream().map(c -> c.getPackageName()))
                .contains("dev.lorakit.lora", "dev.lorakit.train", "dev.lorakit.zoo.bert",
                        "dev.lorakit.plugins.dqn", "dev.lorakit.plugins.styletransfer",
                        "dev.lorakit.plugins.imageclassification", "dev.lorakit.plugins.sentiment",
                        "dev.lorakit.plugins.textclassification", "dev.lorakit.host.run", "dev.lorakit.cli");
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.lorakit..")
                .and().resideOutsideOfPackage("dev.lorakit.bench..")
                .and().doNotHaveFullyQualifiedName(ScalarOps.class.getName())
                .should().callMethodWhere(NUMBER_OPERAND);
        rule.check(classes);
    }

    @Test
    void theRuleCatchesADjlNumberOperand() {
        // The benchmarks still use DJL's own methods: the rule must see them, or it checks nothing.
        EvaluationResult result = noClasses()
                .that().resideInAPackage("dev.lorakit.bench..")
                .should().callMethodWhere(NUMBER_OPERAND)
                .evaluate(lorakitClasses());
        assertThat(result.hasViolation()).isTrue();
    }
}
