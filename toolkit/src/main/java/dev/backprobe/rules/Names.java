package dev.backprobe.rules;

/** Short names for messages: {@code pkg.Net.w2} reads {@code w2}, {@code pkg.Net#run:out} reads {@code out in run}. */
final class Names {

  private Names() {}

  /** The part of a tensor name after its class: the field path or the method's local. */
  static String shortName(String name) {
    if (name == null) {
      return "?";
    }
    int hash = name.indexOf('#');
    if (hash >= 0) {
      String member = name.substring(hash + 1);
      int colon = member.indexOf(':');
      return colon < 0 ? member : member.substring(colon + 1) + " in " + member.substring(0, colon);
    }
    // pkg.sub.Net.layers[0].w: the class is the first segment that starts with an upper-case letter.
    String[] segments = name.split("\\.");
    for (int i = 0; i < segments.length - 1; i++) {
      if (!segments[i].isEmpty() && Character.isUpperCase(segments[i].charAt(0))) {
        return String.join(".", java.util.Arrays.copyOfRange(segments, i + 1, segments.length));
      }
    }
    return segments[segments.length - 1];
  }

  /** The simple name of a method reference: {@code pkg.Net#dersgm} reads {@code dersgm}. */
  static String methodName(String reference) {
    if (reference == null) {
      return "?";
    }
    int hash = reference.indexOf('#');
    return hash < 0 ? reference : reference.substring(hash + 1);
  }
}
