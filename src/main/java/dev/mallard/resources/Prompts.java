package dev.mallard.resources;

import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.TableInfo;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.error.MallardException;
import dev.mallard.tools.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prompts Mallard offers: exploring a database, profiling a table, explaining a query. Each
 * names the tools to use, so the agent starts the right way instead of guessing.
 */
public final class Prompts {
    private final CatalogService catalog;
    private final List<Prompt> prompts;

    public Prompts(CatalogService catalog) {
        this.catalog = catalog;
        this.prompts = List.of(
                new Prompt("explore_database", "Explore a database",
                        "Get to know a database: its tables, what they hold, and how they relate.",
                        List.of(new PromptArgument("database", "The database to explore; the default one if omitted.",
                                false, PromptArgument.Names.DATABASE)),
                        this::exploreDatabase),
                new Prompt("profile_table", "Profile a table",
                        "Profile a table: its columns, value distributions, nulls, and anything odd in the data.",
                        List.of(new PromptArgument("table", "The table or view: name, schema.name or database.schema.name.",
                                true, PromptArgument.Names.TABLE)),
                        this::profileTable),
                new Prompt("explain_query", "Explain a query",
                        "Explain what a SQL query does and how DuckDB runs it, and suggest improvements.",
                        List.of(new PromptArgument("sql", "The SQL query to explain.", true,
                                PromptArgument.Names.NOTHING)),
                        Prompts::explainQuery));
    }

    public List<Prompt> all() {
        return prompts;
    }

    public Optional<Prompt> find(String name) {
        return prompts.stream().filter(prompt -> prompt.name().equals(name)).findFirst();
    }

    private String exploreDatabase(Map<String, String> arguments, Caller caller) {
        ServedDatabase database = caller.catalog(catalog).resolveDatabase(arguments.get("database"));
        String name = database.name();
        return "Explore the DuckDB database '" + name + "' served by Mallard and tell me what it holds.\n\n"
                + "1. Call list_tables with database \"" + name + "\" to see its tables and views with their row counts.\n"
                + "2. Call describe_table on the most important ones (the largest, and those other tables refer to) "
                + "for their columns, comments, sample rows and notes.\n"
                + "3. Find how the tables relate: columns named like other tables' keys (customer_id → customers.id); "
                + "confirm a relationship with a query counting the rows that do not match.\n"
                + "4. Use search_catalog when you look for a concept rather than a name.\n\n"
                + "Finish with a short summary: what each table is about, how they join, the time span the data "
                + "covers, and three questions this data can answer, each with the SQL that answers it.";
    }

    private String profileTable(Map<String, String> arguments, Caller caller) {
        String wanted = arguments.get("table");
        if (wanted == null || wanted.isBlank()) {
            throw MallardException.invalidArgument("profile_table needs the argument 'table', e.g. \"orders\".");
        }
        TableInfo table = caller.catalog(catalog).resolveTable(wanted, null, null);
        String name = table.qualifiedName();
        return "Profile the " + table.kind().label() + " " + name + " in Mallard.\n\n"
                + "1. Call describe_table with table \"" + name + "\" for its columns, types, comments, row count "
                + "and notes.\n"
                + "2. Run the query tool with: SUMMARIZE " + name + "\n"
                + "   It gives each column's min, max, approximate distinct count, average, quartiles and null "
                + "percentage.\n"
                + "3. For text columns with few distinct values, query their most frequent values "
                + "(SELECT col, count(*) FROM " + name + " GROUP BY ALL ORDER BY 2 DESC LIMIT 10).\n"
                + "4. For date and timestamp columns, check the range and look for gaps or future dates.\n\n"
                + "Report what the table holds, the key candidates (columns whose distinct count equals the row "
                + "count), columns with many nulls, suspicious values (negative amounts, placeholder dates, "
                + "numbers stored as text), and how you would clean them.";
    }

    private static String explainQuery(Map<String, String> arguments, Caller caller) {
        String sql = arguments.get("sql");
        if (sql == null || sql.isBlank()) {
            throw MallardException.invalidArgument("explain_query needs the argument 'sql', the query to explain.");
        }
        return "Explain this SQL query, which runs on DuckDB through Mallard:\n\n```sql\n" + sql.strip() + "\n```\n\n"
                + "1. Say in plain words what it computes.\n"
                + "2. Check the tables and columns it uses with describe_table.\n"
                + "3. Run the query tool with EXPLAIN followed by the query to see DuckDB's physical plan: joins, "
                + "filters pushed into scans, aggregates. Use EXPLAIN ANALYZE to see the time and rows of each "
                + "step, when the query is cheap enough to run.\n"
                + "4. Run it with a small max_rows to check the result looks right.\n\n"
                + "Then point out mistakes (joins that multiply rows, NULL handling, integer division, time zones) "
                + "and suggest a faster or clearer version, with the plan that shows it is better.";
    }
}
