using System.Text.Json;

namespace DiracX.Core.Validation;

/// <summary>
/// The rules every string from a request obeys before anything stores or queries it: no NUL (PostgreSQL text cannot
/// hold one), no lone UTF-16 surrogate (not text at all), and at most <see cref="MaxFreeTextChars"/> characters of free
/// text. Column lengths are checked further in, where the column is known.
/// </summary>
public static class InputText
{
    /// <summary>The longest free-text value accepted (64 KiB of characters); a JDL has its own limit.</summary>
    public const int MaxFreeTextChars = 64 * 1024;

    /// <summary>What is wrong with <paramref name="value"/>, or null when it may be stored.</summary>
    public static string? Problem(string value, int maxChars = MaxFreeTextChars)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > maxChars)
        {
            return $"String should have at most {maxChars} characters";
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return "String should not contain NUL characters";
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "String should be valid Unicode (it contains a lone surrogate)";
            }
        }
        return null;
    }

    /// <summary>Returns <paramref name="value"/> or throws <see cref="InputRejectedException"/>.</summary>
    public static string Check(string value, int maxChars = MaxFreeTextChars) =>
        Problem(value, maxChars) is { } problem ? throw new InputRejectedException(problem) : value;

    /// <summary>Reads the current JSON string token (or property name) under the rules.</summary>
    public static string ReadString(ref Utf8JsonReader reader, int maxChars = MaxFreeTextChars)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            throw new JsonException("The JSON value could not be converted to System.String.");
        }
        // Cheap bound before decoding: a string of more than 6 bytes per character of escapes is over the limit anyway.
        if ((reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > 6L * maxChars)
        {
            throw new InputRejectedException($"String should have at most {maxChars} characters");
        }
        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses lone surrogate escapes and invalid UTF-8 when it decodes.
            throw new InputRejectedException("String should be valid Unicode (it contains a lone surrogate)");
        }
        return Check(value, maxChars);
    }
}

/// <summary>
/// A request value refused by <see cref="InputText"/> (or a number that is not finite): a 422 whose <c>loc</c> names
/// the field and whose <c>msg</c> is <see cref="Problem"/>, which never quotes the value.
/// </summary>
public sealed class InputRejectedException : JsonException
{
    /// <summary>Creates the refusal; the serializer adds the JSON path.</summary>
    public InputRejectedException(string problem)
        : base(problem)
    {
        Problem = problem;
    }

    /// <summary>Creates the refusal at <paramref name="path"/> (a converter re-raising a nested refusal).</summary>
    public InputRejectedException(string problem, string? path)
        : base(problem, path, null, null)
    {
        Problem = problem;
    }

    /// <summary>What is wrong, safe to show.</summary>
    public string Problem { get; }
}

/// <summary>
/// A request value a converter refused with its own explanation (a search filter without its operator, say): a 422
/// <c>value_error</c> whose <c>msg</c> is pydantic's <c>"Value error, " + Problem</c>, at the value's <c>loc</c>.
/// </summary>
public sealed class InputValueException(string problem) : JsonException(problem)
{
    /// <summary>What is wrong, safe to show.</summary>
    public string Problem { get; } = problem;
}
