using System.Text.Json;

namespace DiracX.Core.Security;

/// <summary>The JSON settings for token payloads: strict on read (nulls, duplicates), compact on write.</summary>
internal static class TokenJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
