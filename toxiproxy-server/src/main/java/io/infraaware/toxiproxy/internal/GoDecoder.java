package io.infraaware.toxiproxy.internal;

import io.infraaware.toxiproxy.internal.GoJsonReader.Member;
import io.infraaware.toxiproxy.internal.GoJsonReader.Null;
import io.infraaware.toxiproxy.internal.GoJsonReader.Num;
import io.infraaware.toxiproxy.internal.GoJsonReader.Obj;
import io.infraaware.toxiproxy.internal.GoJsonReader.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Puts a JSON value into the fields of a Go type as Go's {@code encoding/json} does: a key matches
 * its field exactly or else case-insensitively, unknown keys are ignored, {@code null} leaves a
 * string, number or bool as it was, a value of the wrong type is skipped and the first such
 * mismatch is the error, named as Go names it ({@code json: cannot unmarshal string into Go struct
 * field LatencyToxic.attributes.latency of type int64}). One decoder decodes one body.
 */
final class GoDecoder {

  /** Where a value goes. */
  interface Slot {
    void take(Value value);
  }

  /** A field of a Go struct: its JSON name and where its value goes. */
  record Field(String name, Slot slot) {}

  /** A Go struct type: its name (empty for an anonymous one), as Go prints it, and its fields. */
  record Struct(String name, String goType, List<Field> fields) {}

  private String struct;
  private final List<String> path = new ArrayList<>();
  private String error;

  /** The first mismatch, or null when the value fit. */
  String error() {
    return error;
  }

  /** Records a mismatch of a value of {@code what} (e.g. {@code number 1.5}) and a Go type. */
  void mismatch(String what, String goType) {
    if (error != null) {
      return;
    }
    error =
        struct == null && path.isEmpty()
            ? "json: cannot unmarshal " + what + " into Go value of type " + goType
            : "json: cannot unmarshal "
                + what
                + " into Go struct field "
                + struct
                + "."
                + String.join(".", path)
                + " of type "
                + goType;
  }

  /** A struct (or a pointer to one, which {@code null} leaves as it was, for what we keep). */
  void struct(Value value, Struct type) {
    if (value == Null.NULL) {
      return;
    }
    if (!(value instanceof Obj object)) {
      mismatch(value.kind(), type.goType());
      return;
    }
    for (Member member : object.members()) {
      Field field = field(type, member.key());
      if (field == null) {
        continue;
      }
      String outer = struct;
      struct = type.name();
      path.add(field.name());
      field.slot().take(member.value());
      path.remove(path.size() - 1);
      struct = outer;
    }
  }

  /** The field a key names: the exact name first, else the first that matches without case. */
  private static Field field(Struct type, String key) {
    for (Field field : type.fields()) {
      if (field.name().equals(key)) {
        return field;
      }
    }
    for (Field field : type.fields()) {
      if (foldEquals(field.name(), key)) {
        return field;
      }
    }
    return null;
  }

  /**
   * Go's case folding of an ASCII field name against a key: letters match either case, and Go's
   * simple folding also takes the long s (U+017F) for s and the Kelvin sign (U+212A) for k.
   */
  static boolean foldEquals(String name, String key) {
    int at = 0;
    for (int i = 0; i < name.length(); i++) {
      if (at >= key.length()) {
        return false;
      }
      char n = name.charAt(i);
      char k = key.charAt(at++);
      if (n == k) {
        continue;
      }
      char upper = Character.toUpperCase(n);
      boolean letter = upper >= 'A' && upper <= 'Z';
      boolean same =
          letter
              && (Character.toUpperCase(k) == upper && k < 0x80
                  || upper == 'S' && k == '\u017F'
                  || upper == 'K' && k == '\u212A');
      if (!same) {
        return false;
      }
    }
    return at == key.length();
  }

  /** A Go string: a JSON string, null leaves it. */
  Slot string(Consumer<String> into) {
    return value -> {
      if (value instanceof GoJsonReader.Str text) {
        into.accept(text.text());
      } else if (value != Null.NULL) {
        mismatch(value.kind(), "string");
      }
    };
  }

  /** A Go bool; null leaves it. */
  Slot bool(Consumer<Boolean> into) {
    return value -> {
      if (value instanceof GoJsonReader.Bool bool) {
        into.accept(bool.value());
      } else if (value != Null.NULL) {
        mismatch(value.kind(), "bool");
      }
    };
  }

  /** A Go {@code *bool}: null makes it nil. */
  Slot boolPointer(Consumer<Boolean> into) {
    return value -> {
      if (value == Null.NULL) {
        into.accept(null);
      } else {
        bool(into).take(value);
      }
    };
  }

  /** A Go {@code int64} (or {@code int}, as wide on 64-bit Go): a number without fraction. */
  Slot integer(String goType, LongConsumer into) {
    return value -> {
      if (value instanceof Num number) {
        try {
          into.accept(Long.parseLong(number.literal()));
        } catch (NumberFormatException e) {
          mismatch("number " + number.literal(), goType);
        }
      } else if (value != Null.NULL) {
        mismatch(value.kind(), goType);
      }
    };
  }

  /** A Go {@code float32}: a number that rounds to a finite float. */
  Slot float32(Consumer<Float> into) {
    return value -> {
      if (value instanceof Num number) {
        float parsed = Float.parseFloat(number.literal());
        if (Float.isInfinite(parsed)) {
          mismatch("number " + number.literal(), "float32");
        } else {
          into.accept(parsed);
        }
      } else if (value != Null.NULL) {
        mismatch(value.kind(), "float32");
      }
    };
  }
}
