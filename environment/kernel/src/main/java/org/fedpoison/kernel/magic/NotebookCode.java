package org.fedpoison.kernel.magic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Extracts the code cells of a Jupyter notebook ({@code .ipynb}, nbformat 4) in order, for {@code %load}.
 *
 * <p>A cell's {@code source} may be a string or a list of strings (joined as written). Markdown and raw
 * cells are skipped.
 */
final class NotebookCode {

    private NotebookCode() {
    }

    /**
     * @param json the notebook file's text
     * @return the source of each code cell
     * @throws IllegalArgumentException if the text is not a notebook
     */
    static List<String> codeCells(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("cells")
                || !root.getAsJsonObject().get("cells").isJsonArray()) {
            throw new IllegalArgumentException("no 'cells' array");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement cell : root.getAsJsonObject().getAsJsonArray("cells")) {
            if (!cell.isJsonObject()) {
                continue;
            }
            JsonObject c = cell.getAsJsonObject();
            if (!c.has("cell_type") || !"code".equals(c.get("cell_type").getAsString())) {
                continue;
            }
            JsonElement source = c.get("source");
            if (source == null || source.isJsonNull()) {
                continue;
            }
            if (source.isJsonArray()) {
                StringBuilder b = new StringBuilder();
                for (JsonElement line : (JsonArray) source) {
                    b.append(line.getAsString());
                }
                out.add(b.toString());
            } else {
                out.add(source.getAsString());
            }
        }
        return out;
    }
}
