package org.fedpoison.kernel.magic;

import org.fedpoison.kernel.execution.MagicException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code %loadFromPOM FILE} and {@code %%loadFromPOM}: resolves the {@code <dependency>} elements of a POM (or,
 * in the cell form, of a POM fragment: a {@code <dependencies>} list or bare {@code <dependency>} elements) and
 * adds them with their runtime dependencies, after adding its {@code <repository>} elements. Dependencies of
 * scope {@code test}, {@code provided} and {@code system}, those under {@code <dependencyManagement>} or a
 * plug-in, are skipped; {@code ${name}} is replaced from the POM's {@code <properties>}.
 */
final class LoadFromPomMagic implements Magic {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final MagicContext context;
    private final MavenResolver resolver;

    LoadFromPomMagic(MagicContext context, MavenResolver resolver) {
        this.context = context;
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return "loadFromPOM";
    }

    @Override
    public String usage() {
        return "%loadFromPOM FILE, %%loadFromPOM: add the dependencies (and repositories) of a POM or POM fragment";
    }

    @Override
    public boolean isCell() {
        return true;
    }

    @Override
    public Object line(String invokedAs, List<String> args) {
        if (args.size() != 1) {
            throw new MagicException(invokedAs + ": expected one POM file, got " + args.size() + " arguments");
        }
        Path file = context.workDir().resolve(args.get(0)).normalize();
        if (!Files.isRegularFile(file)) {
            throw new MagicException(invokedAs + ": no such file: '" + args.get(0) + "' (relative to "
                    + context.workDir() + ")");
        }
        try {
            return load(invokedAs, Files.readString(file));
        } catch (IOException e) {
            throw new MagicException(invokedAs + ": cannot read '" + args.get(0) + "': " + e.getMessage());
        }
    }

    @Override
    public Object cell(String invokedAs, List<String> args, String body) {
        return load(invokedAs, body);
    }

    private Object load(String invokedAs, String xml) {
        Element root = parse(invokedAs, xml);
        Map<String, String> properties = new HashMap<>();
        for (Element props : children(root, "properties")) {
            NodeList nodes = props.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element p) {
                    properties.put(p.getTagName(), p.getTextContent().strip());
                }
            }
        }
        for (Element repo : descendants(root, "repository")) {
            String id = text(repo, "id", properties);
            String url = text(repo, "url", properties);
            if (url != null) {
                MavenRepoMagic.add(invokedAs, resolver, id == null ? url : id, url);
            }
        }
        List<Path> files = new ArrayList<>();
        int count = 0;
        for (Element dep : descendants(root, "dependency")) {
            if (under(dep, "dependencyManagement") || under(dep, "plugin")) {
                continue;
            }
            String scope = text(dep, "scope", properties);
            if (scope != null && List.of("test", "provided", "system").contains(scope)) {
                continue;
            }
            String g = text(dep, "groupId", properties);
            String a = text(dep, "artifactId", properties);
            String v = text(dep, "version", properties);
            if (g == null || a == null || v == null) {
                throw new MagicException(invokedAs + ": a <dependency> needs groupId, artifactId and version; got "
                        + g + ":" + a + ":" + v);
            }
            String type = text(dep, "type", properties);
            String classifier = text(dep, "classifier", properties);
            String coordinates = g + ":" + a + ":" + (classifier != null ? (type == null ? "jar" : type) + ":" + classifier + ":"
                    : type != null ? type + ":" : "") + v;
            files.addAll(resolver.resolve(invokedAs, coordinates));
            count++;
        }
        if (count == 0) {
            throw new MagicException(invokedAs + ": no <dependency> to load");
        }
        return context.addToClasspath(files).stream().map(Path::toString).toList();
    }

    private static Element parse(String invokedAs, String xml) {
        String trimmed = xml.strip();
        if (trimmed.startsWith("<?xml")) {
            trimmed = trimmed.substring(trimmed.indexOf("?>") + 2).strip();
        }
        String doc = trimmed.startsWith("<project") ? trimmed : "<fragment>" + trimmed + "</fragment>";
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(doc)));
            return d.getDocumentElement();
        } catch (Exception e) {
            throw new MagicException(invokedAs + ": not a POM or POM fragment: " + e.getMessage());
        }
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> descendants(Element root, String tag) {
        List<Element> out = new ArrayList<>();
        if (root.getTagName().equals(tag)) {
            out.add(root);
        }
        NodeList nodes = root.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static boolean under(Element e, String tag) {
        for (Node n = e.getParentNode(); n != null; n = n.getParentNode()) {
            if (n instanceof Element p && p.getTagName().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Element parent, String tag, Map<String, String> properties) {
        List<Element> c = children(parent, tag);
        if (c.isEmpty()) {
            return null;
        }
        String t = c.get(0).getTextContent().strip();
        Matcher m = PROPERTY.matcher(t);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(b);
        return b.toString();
    }
}
