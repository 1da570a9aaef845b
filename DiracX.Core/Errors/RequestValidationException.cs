using System.Text.Json.Serialization;

namespace DiracX.Core.Errors;

/// <summary>One request-validation problem, in FastAPI's shape (<c>loc</c>, <c>msg</c>, <c>type</c>).</summary>
/// <param name="Location">Where the problem is, e.g. <c>["query", "per_page"]</c> or <c>["body", "search", 0]</c>.</param>
/// <param name="Message">What is wrong, e.g. <c>Input should be less than or equal to 10000</c>.</param>
/// <param name="Type">A machine-readable kind, e.g. <c>less_than_equal</c>, <c>json_invalid</c>, <c>missing</c>.</param>
public sealed record ValidationProblem(
    [property: JsonPropertyName("loc")] IReadOnlyList<object> Location,
    [property: JsonPropertyName("msg")] string Message,
    [property: JsonPropertyName("type")] string Type);

/// <summary>The request does not validate: 422 with <c>{"detail": [{"loc", "msg", "type"}, ...]}</c> as FastAPI sends.</summary>
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
    public static RequestValidationException Query(string name, string message, string type) =>
        new(new ValidationProblem(["query", name], message, type));
}
