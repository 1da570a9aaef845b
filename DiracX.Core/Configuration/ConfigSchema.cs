using System.Text.Json;
using DiracX.Core.Security;

namespace DiracX.Core.Configuration;

/// <summary>
/// What the configuration may contain beyond DiracX's records: extension fields on any section and extension
/// security properties. DiracX extensions (the Python ones subclass the whole model chain) register their additions
/// here at start-up; validation then accepts those keys and checks their type, and the extension reads them typed.
/// </summary>
/// <example>
/// Gubbins' <c>Registry.&lt;vo&gt;.Users.&lt;sub&gt;.GubbinsSpecificInfo</c>:
/// <code>
/// var gubbinsInfo = schema.AddField&lt;UserConfig, string?&gt;("GubbinsSpecificInfo", null);
/// string? info = gubbinsInfo.Get(config.Registry["gubbins"].Users[sub]);
/// </code>
/// </example>
/// <remarks>Configure it during start-up, before the first configuration is read; it is not meant to change later.</remarks>
public sealed class ConfigSchema
{
    private readonly Dictionary<Type, List<FieldShape>> _extensionFields = [];

    /// <summary>Creates a schema with DiracX's fields and the given (or the built-in) security properties.</summary>
    public ConfigSchema(SecurityPropertyRegistry? properties = null)
    {
        Properties = properties ?? new SecurityPropertyRegistry();
    }

    /// <summary>The security properties groups may grant.</summary>
    public SecurityPropertyRegistry Properties { get; }

    /// <summary>
    /// Adds an optional field to a section. When the key is absent the default is used, and it is written into the
    /// served JSON (as pydantic does for a field with a default). A null default makes the field nullable.
    /// </summary>
    /// <typeparam name="TSection">The section that gains the field, e.g. <see cref="UserConfig"/>.</typeparam>
    /// <typeparam name="T">The field's type: a string, number, bool, string list, map, or a <see cref="ConfigSection"/> record.</typeparam>
    public ConfigExtensionField<TSection, T> AddField<TSection, T>(string name, T defaultValue)
        where TSection : ConfigSection
    {
        var defaultNode = JsonSerializer.SerializeToNode(defaultValue, ConfigParser.JsonOptions);
        return Add<TSection, T>(new FieldShape(name, ConfigShapes.Of(typeof(T)), Required: false,
            Nullable: defaultValue is null, Email: false, defaultNode), defaultValue);
    }

    /// <summary>Adds a field that every instance of the section must have.</summary>
    public ConfigExtensionField<TSection, T> AddRequiredField<TSection, T>(string name)
        where TSection : ConfigSection
    {
        var nullable = Nullable.GetUnderlyingType(typeof(T)) is not null;
        return Add<TSection, T>(new FieldShape(name, ConfigShapes.Of(typeof(T)), Required: true, nullable, Email: false), default);
    }

    internal IReadOnlyList<FieldShape> ExtensionFieldsOf(Type sectionType) =>
        _extensionFields.TryGetValue(sectionType, out var fields) ? fields : [];

    private ConfigExtensionField<TSection, T> Add<TSection, T>(FieldShape field, T? defaultValue)
        where TSection : ConfigSection
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field.Name);
        var existing = ConfigShapes.FieldsOf(typeof(TSection)).Concat(ExtensionFieldsOf(typeof(TSection)));
        if (existing.Any(f => f.Name == field.Name))
        {
            throw new ArgumentException($"{typeof(TSection).Name} already has a field {field.Name}", nameof(field));
        }
        if (!_extensionFields.TryGetValue(typeof(TSection), out var list))
        {
            _extensionFields[typeof(TSection)] = list = [];
        }
        list.Add(field);
        return new ConfigExtensionField<TSection, T>(field.Name, defaultValue);
    }
}

/// <summary>A typed handle on a field an extension added with <see cref="ConfigSchema"/>.</summary>
/// <typeparam name="TSection">The section holding the field.</typeparam>
/// <typeparam name="T">The field's type.</typeparam>
public sealed class ConfigExtensionField<TSection, T>
    where TSection : ConfigSection
{
    private readonly T? _defaultValue;

    internal ConfigExtensionField(string name, T? defaultValue)
    {
        Name = name;
        _defaultValue = defaultValue;
    }

    /// <summary>The key of the field.</summary>
    public string Name { get; }

    /// <summary>Reads the field from a validated section, or its default when absent.</summary>
    public T? Get(TSection section) =>
        section.ExtensionData is { } data && data.TryGetValue(Name, out var value)
            ? value.Deserialize<T>(ConfigParser.JsonOptions)
            : _defaultValue;
}
