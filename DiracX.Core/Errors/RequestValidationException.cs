using System.Text.Json.Serialization;

namespace DiracX.Core.Errors;

/// <summary>
/// One request-validation problem, as FastAPI writes pydantic v2's errors: <c>type</c>, <c>loc</c>, <c>msg</c>,
/// <c>input</c> (always written, <c>null</c> when there was none) and <c>ctx</c> when the type has one.
/// </summary>
/// <param name="Location">Where the problem is: the source (<c>body</c>, <c>query</c>, <c>path</c>) then field names, list indices and map keys, e.g. <c>["body", "search", 0]</c>.</param>
/// <param name="Message">pydantic's message, e.g. <c>Input should be less than or equal to 10000</c>.</param>
/// <param name="Type">pydantic's error type, e.g. <c>less_than_equal</c>, <c>json_invalid</c>, <c>missing</c>.</param>
/// <param name="Input">The value that failed (as sent), or null.</param>
/// <param name="Context">pydantic's <c>ctx</c> (e.g. <c>{"ge": 1}</c>), or null.</param>
public sealed record ValidationProblem(
    [property: JsonPropertyName("loc"), JsonPropertyOrder(1)] IReadOnlyList<object> Location,
    [property: JsonPropertyName("msg"), JsonPropertyOrder(2)] string Message,
    [property: JsonPropertyName("type"), JsonPropertyOrder(0)] string Type,
    [property: JsonPropertyName("input"), JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Input = null,
    [property: JsonPropertyName("ctx"), JsonPropertyOrder(4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object>? Context = null);

/// <summary>The request does not validate: 422 with <c>{"detail": [{"type", "loc", "msg", "input"}, ...]}</c> as FastAPI sends.</summary>
public sealed class RequestValidationException : DiracException
{
    /// <summary>Creates the error from one or more problems.</summary>
    public RequestValidationException(params IReadOnlyList<ValidationProblem> problems)
        : base(problems.Count > 0 ? problems[0].Message : "Request validation failed", DiracErrorKind.Unprocessable)
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <inheritdoc />
    public override object Detail => Problems;

    /// <summary>A problem with one query parameter.</summary>
    public static RequestValidationException Query(string name, string message, string type, object? input = null,
        IReadOnlyDictionary<string, object>? context = null) =>
        new(new ValidationProblem(["query", name], message, type, input, context));
}
