using DiracX.Core.Errors;

namespace DiracX.Db.Search;

/// <summary>Which page of results to return: DiracX's <c>page</c> (from 1) and <c>per_page</c> (1..10000) query parameters.</summary>
public sealed record SearchPaging
{
    /// <summary>DiracX's <c>MAX_PER_PAGE</c>.</summary>
    public const int MaxPerPage = 10000;

    /// <summary>DiracX's default <c>per_page</c>.</summary>
    public const int DefaultPerPage = 100;

    private SearchPaging(int page, int perPage)
    {
        Page = page;
        PerPage = perPage;
    }

    /// <summary>The page number, from 1.</summary>
    public int Page { get; }

    /// <summary>Rows per page.</summary>
    public int PerPage { get; }

    /// <summary>Rows skipped before this page.</summary>
    public long Offset => (long)(Page - 1) * PerPage;

    /// <summary>Validates <c>page</c> and <c>per_page</c> as DiracX's route does.</summary>
    /// <exception cref="RequestValidationException">422: <c>page</c> &lt; 1, or <c>per_page</c> outside 1..10000.</exception>
    public static SearchPaging Create(int page = 1, int perPage = DefaultPerPage)
    {
        var problems = new List<ValidationProblem>();
        if (page < 1)
        {
            problems.Add(new(["query", "page"], "Input should be greater than or equal to 1", "greater_than_equal",
                page.ToString(System.Globalization.CultureInfo.InvariantCulture), new Dictionary<string, object> { ["ge"] = 1 }));
        }
        if (perPage < 1)
        {
            problems.Add(new(["query", "per_page"], "Input should be greater than or equal to 1", "greater_than_equal",
                perPage.ToString(System.Globalization.CultureInfo.InvariantCulture), new Dictionary<string, object> { ["ge"] = 1 }));
        }
        else if (perPage > MaxPerPage)
        {
            problems.Add(new(["query", "per_page"], $"Input should be less than or equal to {MaxPerPage}", "less_than_equal",
                perPage.ToString(System.Globalization.CultureInfo.InvariantCulture), new Dictionary<string, object> { ["le"] = MaxPerPage }));
        }
        return problems.Count == 0 ? new SearchPaging(page, perPage) : throw new RequestValidationException(problems);
    }
}
