namespace DiracX.Routers.Infrastructure.OpenApi;

/// <summary>
/// Documents a type bound by its own JSON converter (which hides its shape from the OpenAPI generator) with the schema
/// of the type it reads on the wire.
/// </summary>
/// <param name="wireType">The type whose schema describes the JSON.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DocumentedAsAttribute(Type wireType) : Attribute
{
    /// <summary>The type whose schema describes the JSON.</summary>
    public Type WireType { get; } = wireType;
}
