using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary>The JSON shapes a configuration value can take, derived from the record types by reflection.</summary>
internal enum ShapeKind { String, Bool, Int, Double, StringList, StringSet, Map, Section, Any, JsonMapping }

/// <summary>The expected shape of one value; <see cref="Value"/> is the value shape of a map.</summary>
internal sealed record Shape(ShapeKind Kind, Type? SectionType = null, Shape? Value = null);

/// <summary>One field of a section: its key, shape, and whether it is required or may be null.</summary>
internal sealed record FieldShape(string Name, Shape Shape, bool Required, bool Nullable, bool Email, JsonNode? Default = null);

/// <summary>
/// Reads the shape of the configuration records once per type, so validation follows the C# declarations (and the
/// extension fields of <see cref="ConfigSchema"/>) rather than a second, hand-written description.
/// </summary>
internal static class ConfigShapes
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<FieldShape>> s_fields = new();

    public static Shape Of(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) { return new(ShapeKind.String); }
        if (type == typeof(bool)) { return new(ShapeKind.Bool); }
        if (type == typeof(int) || type == typeof(long)) { return new(ShapeKind.Int); }
        if (type == typeof(double)) { return new(ShapeKind.Double); }
        if (type == typeof(JsonElement)) { return new(ShapeKind.Any); }
        if (type == typeof(ImmutableSortedSet<string>)) { return new(ShapeKind.StringSet); }
        if (type == typeof(IReadOnlyList<string>) || type == typeof(List<string>) || type == typeof(string[]))
        {
            return new(ShapeKind.StringList);
        }
        if (typeof(ConfigSection).IsAssignableFrom(type)) { return new(ShapeKind.Section, type); }
        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
            && type.GetGenericTypeDefinition() is var def
            && (def == typeof(IReadOnlyDictionary<,>) || def == typeof(Dictionary<,>) || def == typeof(IDictionary<,>)))
        {
            return value == typeof(JsonElement) ? new(ShapeKind.JsonMapping) : new(ShapeKind.Map, Value: Of(value));
        }
        throw new NotSupportedException($"Configuration values of type {type} are not supported");
    }

    public static IReadOnlyList<FieldShape> FieldsOf(Type sectionType) => s_fields.GetOrAdd(sectionType, Read);

    public static bool KeepsUnknownKeys(Type sectionType) =>
        sectionType.GetCustomAttribute<ConfigKeepsUnknownKeysAttribute>() is not null;

    private static IReadOnlyList<FieldShape> Read(Type sectionType)
    {
        var nullability = new NullabilityInfoContext();
        var fields = new List<FieldShape>();
        foreach (var property in sectionType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } name
                || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }
            fields.Add(new FieldShape(
                name.Name,
                Of(property.PropertyType),
                Required: property.GetCustomAttribute<RequiredMemberAttribute>() is not null,
                Nullable: nullability.Create(property).WriteState == NullabilityState.Nullable,
                Email: property.GetCustomAttribute<ConfigEmailAttribute>() is not null));
        }
        return fields;
    }
}
