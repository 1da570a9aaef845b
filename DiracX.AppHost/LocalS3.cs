namespace DiracX.AppHost;

/// <summary>s3rver (npm, pinned in the repository's package.json) run through node: the local S3-compatible store.</summary>
public static class LocalS3
{
    /// <summary>s3rver's fixed credentials (it accepts any signature made with them).</summary>
    public const string AccessKeyId = "S3RVER";

    /// <summary>s3rver's fixed secret key.</summary>
    public const string SecretAccessKey = "S3RVER";

    /// <summary>
    /// Adds <paramref name="name"/> (s3rver serving <paramref name="dataDir"/> with the bucket <paramref name="bucket"/>);
    /// when the repository's node_modules lack s3rver, a <c>npm ci</c> step runs first.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddLocalS3(this IDistributedApplicationBuilder builder, string name,
        string repositoryRoot, string dataDir, string bucket)
    {
        var node = LocalBinaries.Require(builder.Configuration["Infra:Node"] ?? "node", "to run s3rver, the local S3 store",
            "Install Node.js (apt-get install nodejs npm).");
        var script = Path.Combine(repositoryRoot, "node_modules", "s3rver", "bin", "s3rver.js");
        Directory.CreateDirectory(dataDir);
        var s3 = builder.AddExecutable(name, node, repositoryRoot).WithHttpEndpoint(name: "http");
        s3.WithArgs(context =>
            {
                context.Args.Add(script);
                foreach (var arg in new[] { "--directory", dataDir, "--address", "127.0.0.1", "--configure-bucket", bucket, "--silent", "--port" })
                {
                    context.Args.Add(arg);
                }
                context.Args.Add(s3.Resource.GetEndpoint("http").Property(EndpointProperty.TargetPort));
            })
            // Listing the bucket answers 200 once s3rver is up and has created the bucket.
            .WithHttpHealthCheck($"/{bucket}");
        if (!File.Exists(script))
        {
            var npm = LocalBinaries.Require(builder.Configuration["Infra:Npm"] ?? "npm", "to install s3rver from package.json",
                "Install npm (apt-get install npm).");
            var install = builder.AddExecutable($"{name}-npm-ci", npm, repositoryRoot, "ci", "--no-audit", "--no-fund");
            s3.WaitForCompletion(install);
        }
        return s3;
    }
}
