package dev.backprobe.assertions;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (or method) whose failing tests should leave Backprobe's findings behind, in
 * {@code target/backprobe/<test>/}: shorthand for {@code @ExtendWith(BackprobeExtension.class)}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(BackprobeExtension.class)
public @interface BackprobeTest {}
