using System.Text.Json.Nodes;
using DiracX.Core.Configuration;

namespace DiracX.Api.Configuration;

/// <summary>
/// Reads DIRAC's CFG format (the <c>diraccfg</c> package): <c>Name { ... }</c> sections, <c>key = value</c> options,
/// <c>key += value</c> appending <c>", value"</c>, and whole-line <c>#</c> comments. Values stay strings, as
/// <c>CFG.getAsDict()</c> returns them; typing happens when the tree is validated.
/// </summary>
public static class CfgParser
{
    /// <summary>Parses CFG text into a tree of objects and strings.</summary>
    /// <exception cref="ConfigValidationException">Braces do not balance, or an option or section is malformed.</exception>
    public static JsonObject Parse(string text)
    {
        var root = new JsonObject();
        var stack = new Stack<JsonObject>();
        var current = root;
        var pending = "";
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (c == '{')
                {
                    var name = pending.Trim();
                    if (name.Length == 0 || current.ContainsKey(name))
                    {
                        throw Error(lineNumber, name.Length == 0 ? "section without a name" : $"{name} key already exists");
                    }
                    var section = new JsonObject();
                    current[name] = section;
                    stack.Push(current);
                    current = section;
                    pending = "";
                }
                else if (c == '}')
                {
                    current = stack.Count > 0 ? stack.Pop() : throw Error(lineNumber, "more sections closed than opened");
                }
                else if (c == '=')
                {
                    SetOption(current, line[..i].Trim(), line[(i + 1)..].Trim(), lineNumber);
                    pending = "";
                    break;
                }
                else if (c == '+' && i + 1 < line.Length && line[i + 1] == '=')
                {
                    AppendOption(current, line[..i].Trim(), line[(i + 2)..].Trim(), lineNumber);
                    pending = "";
                    break;
                }
                else
                {
                    pending += c;
                }
            }
        }
        return stack.Count == 0 ? root : throw Error(lineNumber, "more sections opened than closed");
    }

    private static void SetOption(JsonObject section, string name, string value, int line)
    {
        if (name.Length == 0)
        {
            throw Error(line, "option without a name");
        }
        section[name] = value;
    }

    private static void AppendOption(JsonObject section, string name, string value, int line)
    {
        if (section[name] is not JsonValue existing)
        {
            throw Error(line, $"option {name} has not been declared before +=");
        }
        section[name] = $"{existing.GetValue<string>()}, {value}";
    }

    private static ConfigValidationException Error(int line, string message) => new([$"(cfg) line {line}: {message}"]);
}
