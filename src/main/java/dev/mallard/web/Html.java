package dev.mallard.web;

/** Text placed in HTML: every page escapes what it shows, since much of it (client names) comes from strangers. */
public final class Html {
    private Html() {}

    /** Escapes text for an element's content or a quoted attribute value. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
