using DiracX.Core.Errors;

namespace DiracX.Routers.Hardening;

/// <summary>
/// System.Text.Json puts a JSON <c>null</c> item into a list or a dictionary whatever the item's annotation (its
/// nullable checks stop at properties): a body whose items are objects refuses a null item with pydantic's error for a
/// model (a 422 at <c>["body", index or key]</c>) before anything else reads it.
/// </summary>
public static class NullBodyItems
{
    private const string Message = "Input should be a valid dictionary or object to extract fields from";

    /// <summary>Refuses the first null item of a list body.</summary>
    public static void Refuse<T>(IReadOnlyList<T> items)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = 0; i < items.Count; i++)
        {
            if ((object?)items[i] is null)
            {
                throw new RequestValidationException(new ValidationProblem(["body", i], Message, "model_attributes_type", null));
            }
        }
    }

    /// <summary>Refuses the first null value of a body keyed by name.</summary>
    public static void Refuse<T>(IReadOnlyDictionary<string, T> items)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (key, value) in items)
        {
            if ((object?)value is null)
            {
                throw new RequestValidationException(new ValidationProblem(["body", key], Message, "model_attributes_type", null));
            }
        }
    }
}
