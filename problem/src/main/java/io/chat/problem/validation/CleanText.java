package io.chat.problem.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A text field of the API: U+0000 and the other C0 control characters are refused, except TAB, LF and
 * CR (a database would fail on U+0000, and none of them belongs in a name or a message), and so is a lone
 * UTF-16 surrogate (JSON's {@code "\ud800"}): it has no UTF-8 form, so the database would store a {@code ?}
 * in its place, not what the 201 echoed, and two different values could become equal. {@code null}
 * passes: combine with {@code @NotNull} where the field is required.
 */
@Documented
@Constraint(validatedBy = CleanText.Validator.class)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE })
@Retention(RUNTIME)
public @interface CleanText {

    String message() default "must not contain control characters";

    String SURROGATE_MESSAGE = "must not contain an unpaired surrogate";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<CleanText, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                        i++;
                        continue;
                    }
                    context.disableDefaultConstraintViolation();
                    context.buildConstraintViolationWithTemplate(SURROGATE_MESSAGE).addConstraintViolation();
                    return false;
                }
            }
            return true;
        }
    }
}
