using System.Globalization;
using NSwag;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace DiracX.Client.Generator;

/// <summary>
/// One client per tag (<c>jobs</c> → <c>JobsClient</c>) and C#-style method names from DiracX's operation ids
/// (<c>jobs_submit_jdl_jobs</c> → <c>SubmitJdlJobsAsync</c>), which must keep their Python form on the wire.
/// </summary>
internal sealed class DiracXOperationNameGenerator : IOperationNameGenerator
{
    public bool SupportsMultipleClients => true;

    public string GetClientName(OpenApiDocument document, string path, string httpMethod, OpenApiOperation operation) =>
        Pascal(operation.Tags.FirstOrDefault() ?? "Diracx");

    public string GetOperationName(OpenApiDocument document, string path, string httpMethod, OpenApiOperation operation)
    {
        var id = operation.OperationId ?? $"{httpMethod}_{path}";
        var tag = operation.Tags.FirstOrDefault();
        if (tag is not null && id.StartsWith(tag + "_", StringComparison.Ordinal))
        {
            id = id[(tag.Length + 1)..];
        }
        return Pascal(id);
    }

    private static string Pascal(string name) => string.Concat(name
        .Split(['_', '-', '.', '/', '{', '}'], StringSplitOptions.RemoveEmptyEntries)
        .Select(part => char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));
}
