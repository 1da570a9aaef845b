using System.Diagnostics;

namespace DiracX.Testing;

/// <summary>
/// Counts the SQL statements Npgsql sends to one database: every command and every statement of a batch (Npgsql traces
/// a batch as one activity whose text is its commands' texts joined with ';', which are split again here), so a per-row
/// statement hidden in a batch counts once per row. Pool housekeeping that is not part of the work
/// (<c>DISCARD ALL</c> when a pooled connection is reused) is not counted.
/// </summary>
public static class SqlStatements
{
    /// <summary>How many SQL statements are sent to <paramref name="database"/> while <paramref name="action"/> runs.</summary>
    public static async Task<int> CountAsync(string database, Func<Task> action) => (await CaptureAsync(database, action)).Count;

    /// <summary>The SQL statements sent to <paramref name="database"/> while <paramref name="action"/> runs, in order.</summary>
    public static async Task<IReadOnlyList<string>> CaptureAsync(string database, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var statements = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (!Equals(activity.GetTagItem("db.namespace") ?? activity.GetTagItem("db.name"), database))
                {
                    return;
                }
                var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) as string;
                var split = Split(text ?? "").Where(s => !IsHousekeeping(s)).ToList();
                lock (statements)
                {
                    statements.AddRange(split);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await action();
        lock (statements)
        {
            return [.. statements];
        }
    }

    /// <summary>Whether a statement is connection housekeeping rather than the caller's work.</summary>
    public static bool IsHousekeeping(string statement) =>
        statement.Equals("DISCARD ALL", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The statements of a SQL text: split at semicolons outside string literals, quoted identifiers, dollar-quoted
    /// strings and comments; empty statements are dropped.
    /// </summary>
    public static IReadOnlyList<string> Split(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var result = new List<string>();
        var start = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                i = sql.IndexOf(c, i + 1) is var end and >= 0 ? end + 1 : sql.Length;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                i = sql.IndexOf('\n', i) is var end and >= 0 ? end + 1 : sql.Length;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : sql.Length;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                i = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal) is var end and >= 0 ? end + tag.Length : sql.Length;
            }
            else if (c == ';')
            {
                Add(sql[start..i]);
                start = ++i;
            }
            else
            {
                i++;
            }
        }
        Add(sql[start..]);
        return result;

        void Add(string statement)
        {
            var trimmed = statement.Trim();
            if (trimmed.Length > 0)
            {
                result.Add(trimmed);
            }
        }
    }

    // $$ or $tag$ opening a dollar-quoted string ($1 parameters are not tags).
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && (char.IsLetter(sql[j]) || sql[j] == '_' || (j > i + 1 && char.IsDigit(sql[j]))))
        {
            j++;
        }
        return j < sql.Length && sql[j] == '$' ? sql[i..(j + 1)] : null;
    }
}
