using DiracX.Client.Generator;
using NSwag;
using NSwag.CodeGeneration.CSharp;

// Usage: DiracX.Client.Generator <openapi.json> <output.cs>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: DiracX.Client.Generator <openapi.json> <output.cs>");
    return 2;
}
var document = await OpenApiDocument.FromFileAsync(args[0]);
var settings = new CSharpClientGeneratorSettings
{
    ClassName = "{controller}Client",
    OperationNameGenerator = new DiracXOperationNameGenerator(),
    GenerateClientInterfaces = true,
    InjectHttpClient = true,
    UseBaseUrl = false,
    ExceptionClass = "DiracXApiException",
    GenerateOptionalParameters = true,
};
settings.CSharpGeneratorSettings.Namespace = "DiracX.Client.Generated";
settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
settings.CSharpGeneratorSettings.GenerateNullableReferenceTypes = true;
settings.CSharpGeneratorSettings.GenerateOptionalPropertiesAsNullable = true;
var code = new CSharpClientGenerator(document, settings).GenerateFile();
var existing = File.Exists(args[1]) ? await File.ReadAllTextAsync(args[1]) : null;
if (existing != code)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
    await File.WriteAllTextAsync(args[1], code);
}
return 0;
