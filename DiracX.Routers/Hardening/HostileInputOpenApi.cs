using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DiracX.Routers.Hardening;

/// <summary>
/// <see cref="HostileInputJson"/>'s converters hide strings' and doubles' types from the OpenAPI generator (a custom
/// converter could write anything): this puts them back, so that the document is what it was without them.
/// </summary>
public static class HostileInputOpenApi
{
    /// <summary>A schema transformer restoring <c>string</c> and <c>number</c>/<c>double</c>.</summary>
    public static async Task RestoreTypes(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var declared = context.JsonTypeInfo.Type;
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        var nullable = declared != type || context.JsonPropertyInfo is { IsSetNullable: true } && !type.IsValueType;
        if (type == typeof(string))
        {
            schema.Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0);
        }
        else if (type == typeof(double))
        {
            schema.Type = JsonSchemaType.Number | (nullable ? JsonSchemaType.Null : 0);
            schema.Format = "double";
        }
        else if (schema.Type?.HasFlag(JsonSchemaType.Object) == true && schema.AdditionalProperties is null
            && Generic(type, typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>)) is { } dictionary && Simple(dictionary[1]) is { } values)
        {
            schema.AdditionalProperties = values;
        }
        else if (schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is null
            && (type.IsArray ? type.GetElementType() : Generic(type, typeof(IEnumerable<>))?[0]) is { } element && Simple(element) is { } items)
        {
            schema.Items = items;
        }
        else if (type == typeof(string[]) || type == typeof(IReadOnlyList<long>))
        {
            schema.Type = JsonSchemaType.Array;
            schema.Items = type == typeof(string[]) ? Simple(typeof(string)) : new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
        }
        else if (Generic(type, typeof(Dictionary<,>)) is [var key, var value] && key == typeof(long))
        {
            schema.Type = JsonSchemaType.Object;
            schema.AdditionalProperties = await context.GetOrCreateSchemaAsync(value, null, cancellationToken);
        }
    }

    /// <summary>
    /// The schema id of a type: none (inline) for the collections read by bounded converters, which would otherwise
    /// become empty components.
    /// </summary>
    public static string? SchemaReferenceId(System.Text.Json.Serialization.Metadata.JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Type == typeof(string[]) || type.Type == typeof(IReadOnlyList<long>)
            || Generic(type.Type, typeof(Dictionary<,>)) is [var key, _] && key == typeof(long)
            || type.Type.IsDefined(typeof(Infrastructure.OpenApi.DocumentedAsAttribute), false)
            ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
    }

    private static OpenApiSchema? Simple(Type type) =>
        type == typeof(string) ? new OpenApiSchema { Type = JsonSchemaType.String }
        : type == typeof(double) ? new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" }
        : null;

    private static Type[]? Generic(Type type, params Type[] definitions) =>
        type.GetInterfaces().Prepend(type)
            .FirstOrDefault(i => i.IsGenericType && definitions.Contains(i.GetGenericTypeDefinition()))?.GetGenericArguments();
}
