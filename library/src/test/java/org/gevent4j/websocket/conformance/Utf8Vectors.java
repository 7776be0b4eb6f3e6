package org.gevent4j.websocket.conformance;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The UTF-8 decoder vectors behind Autobahn's cases 6.5-6.23, in Autobahn's order so that the case
 * ids line up. They come from Markus Kuhn's UTF-8 decoder stress test (valid and invalid sequences,
 * boundaries, overlongs, surrogates, non-characters).
 */
final class Utf8Vectors {
    private Utf8Vectors() {}

    record Vector(boolean valid, byte[] bytes) {}

    record Group(String name, List<Vector> vectors) {}

    private static final class G {
        final String name;
        final List<Vector> v = new ArrayList<>();

        G(String name) {
            this.name = name;
        }

        G ok(String hex) {
            v.add(new Vector(true, HexFormat.of().parseHex(hex)));
            return this;
        }

        G bad(String hex) {
            v.add(new Vector(false, HexFormat.of().parseHex(hex)));
            return this;
        }

        Group group() {
            return new Group(name, List.copyOf(v));
        }
    }

    static List<Group> groups() {
        List<Group> g = new ArrayList<>();
        String hello = "68656c6c6f", world = "776f726c64";
        g.add(new G("valid sequences").ok(hello + "24" + world).ok(hello + "c2a2" + world).ok(hello + "e282ac" + world)
                .ok(hello + "f0a4ada2" + world).ok("cebae1bdb9cf83cebcceb5").group());
        G prefixes = new G("prefixes of a valid multi-byte string");
        byte[] kosme = Cases.KOSME;
        for (int i = 1; i <= kosme.length; i++) {
            byte[] p = java.util.Arrays.copyOf(kosme, i);
            prefixes.v.add(new Vector(WireClient.validUtf8(p), p));
        }
        g.add(prefixes.group());
        g.add(new G("first sequence of each length").ok("00").ok("c280").ok("e0a080").ok("f0908080").group());
        g.add(new G("first sequence of length 5/6").bad("f888808080").bad("fc8480808080").group());
        g.add(new G("last sequence of each length").ok("7f").ok("dfbf").ok("efbfbf").ok("f48fbfbf").group());
        g.add(new G("last sequence of length 4/5/6").bad("f7bfbfbf").bad("fbbfbfbfbf").bad("fdbfbfbfbfbf").group());
        g.add(new G("other boundaries").ok("ed9fbf").ok("ee8080").ok("efbfbd").ok("f48fbfbf").bad("f4908080").group());
        G cont = new G("unexpected continuation bytes").bad("80").bad("bf").bad("80bf").bad("80bf80").bad("80bf80bf")
                .bad("80bf80bf80").bad("80bf80bf80bf");
        StringBuilder all = new StringBuilder();
        for (int i = 0x80; i < 0xbf; i++) all.append(String.format("%02x", i));
        g.add(cont.bad(all.toString()).group());
        G lonely = new G("lonely start bytes");
        int[][] ranges = {{0xc0, 0xdf}, {0xe0, 0xef}, {0xf0, 0xf7}, {0xf8, 0xfb}, {0xfc, 0xfd}};
        for (int[] r : ranges) {
            StringBuilder s = new StringBuilder();
            for (int i = r[0]; i < r[1]; i++) s.append(String.format("%02x20", i));
            lonely.bad(s.toString());
        }
        g.add(lonely.group());
        String[] missing = {"c0", "e080", "f08080", "f8808080", "fc80808080", "df", "efbf", "f7bfbf", "fbbfbfbf", "fdbfbfbfbf"};
        G miss = new G("last continuation byte missing");
        for (String m : missing) miss.bad(m);
        g.add(miss.group());
        g.add(new G("concatenated incomplete sequences").bad(String.join("", missing)).group());
        g.add(new G("impossible bytes").bad("fe").bad("ff").bad("fefeffff").group());
        g.add(new G("overlong slash").bad("c0af").bad("e080af").bad("f08080af").bad("f8808080af").bad("fc80808080af").group());
        g.add(new G("maximum overlongs").bad("c1bf").bad("e09fbf").bad("f08fbfbf").bad("f887bfbfbf").bad("fc83bfbfbfbf").group());
        g.add(new G("overlong NUL").bad("c080").bad("e08080").bad("f0808080").bad("f880808080").bad("fc8080808080").group());
        g.add(new G("single UTF-16 surrogates").bad("eda080").bad("edadbf").bad("edae80").bad("edafbf").bad("edb080")
                .bad("edbe80").bad("edbfbf").group());
        g.add(new G("paired UTF-16 surrogates").bad("eda080edb080").bad("eda080edbfbf").bad("edadbfedb080").bad("edadbfedbfbf")
                .bad("edae80edb080").bad("edae80edbfbf").bad("edafbfedb080").bad("edafbfedbfbf").group());
        G nonchar = new G("non-characters (valid UTF-8)").ok("efbfbe").ok("efbfbf");
        for (String z1 : new String[] {"f0", "f1", "f2", "f3", "f4"}) {
            for (String z2 : new String[] {"8f", "9f", "af", "bf"}) {
                if (z1.equals("f4") && !z2.equals("8f")) continue; // past U+10FFFF
                for (String z3 : new String[] {"be", "bf"}) {
                    String zz = z1 + z2 + "bf" + z3;
                    if (!zz.equals("f08fbfbe") && !zz.equals("f08fbfbf")) nonchar.ok(zz); // those are overlong
                }
            }
        }
        g.add(nonchar.group());
        g.add(new G("specials").ok("efbfb9").ok("efbfba").ok("efbfbb").ok("efbfbc").ok("efbfbd").ok("efbfbe").ok("efbfbf").group());
        return g;
    }
}
