using DiracX.Core.Modules;
using DiracX.Core.Settings;
using DiracX.Routers.Health;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.OpenApi;
using DiracX.Routers.Infrastructure.Routing;
using DiracX.Routers.Infrastructure.UnitOfWork;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Infrastructure.Hosting;

/// <summary>
/// Builds the DiracX routers application from modules: Program.cs, the tests and extensions' hosts all go through here,
/// so every route follows the same wire rules. Each step lives in its own file; this class only says in which order.
/// </summary>
public static class DiracXRouters
{
    /// <summary>
    /// Creates the builder: configuration (with DiracX's environment names), service defaults, every enabled module's
    /// registrations, databases, access control, HTTP conventions and OpenAPI.
    /// </summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="modules">DiracX's modules followed by any extension's, in override order.</param>
    /// <param name="configure">Runs before the modules register (tests add configuration here).</param>
    public static WebApplicationBuilder CreateBuilder(string[] args, IEnumerable<IDiracXModule> modules, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddDiracXEnvironmentAliases();
        // Request lines carry query strings (signatures, codes): ASP.NET's per-request logs stay off unless configured.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        // "Setting HTTP status code 200" / "Writing value of type ..." at Information: two log lines per request, a
        // measurable share of a short route's CPU (performance.md).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning);
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.AddOptionalRedis();                   // Hosting/OptionalRedis.cs
        builder.Services.AddGracefulShutdown();       // Health/GracefulShutdown.cs (its readiness check comes first)

        var registries = new DiracXRegistries();
        registries.RegisterAll([.. modules.Where(m => IsEnabled(builder.Configuration, m.Name))], builder.Services, builder.Configuration);
        builder.Services.AddSingleton(registries);
        builder.AddRouteDatabases(registries);        // UnitOfWork/RouteDatabases.cs
        builder.AddAccessControl(registries);         // Access/AccessControlServices.cs
        builder.AddHttpConventions();                 // Hosting/HttpConventions.cs
        builder.Services.AddDiracXOpenApi();          // OpenApi/OpenApiConventions.cs
        builder.Services.AddHostedService<StartupRequirementsValidator>();
        if (IsBuildTimeDocumentGeneration)
        {
            // The OpenAPI document is generated at build time by starting the app without any settings, databases or
            // configuration repository: nothing that needs them may run.
            builder.Services.RemoveAll<IHostedService>();
            builder.Services.RemoveAll<IStartupValidator>();
        }
        return builder;
    }

    /// <summary>True when the app runs only to produce its OpenAPI document (the build's GetDocument tool).</summary>
    public static bool IsBuildTimeDocumentGeneration =>
        System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>Builds the application and maps the middleware pipeline and every winning route.</summary>
    public static WebApplication BuildDiracX(this WebApplicationBuilder builder)
    {
        var app = builder.Build();
        var registries = app.Services.GetRequiredService<DiracXRegistries>();
        app.UseHttpConventions(registries);           // Hosting/HttpConventions.cs: proxies, errors, limits, versions, CORS
        app.UseMiddleware<Authentication.BearerAuthenticationMiddleware>();
        app.UseMiddleware<Hardening.InputGuardMiddleware>();
        app.UseMiddleware<UnitOfWorkMiddleware>();
        foreach (var route in registries.Get<RouteRegistry>().Routes)
        {
            RouteMapper.Map(app, route);
        }
        app.MapApiDocs();                             // OpenApi/ApiDocs.cs
        return app;
    }

    /// <summary>Whether a system is enabled (<c>DIRACX_SERVICE_&lt;NAME&gt;_ENABLED</c>, default true).</summary>
    public static bool IsEnabled(IConfiguration configuration, string system) =>
        configuration.GetValue($"DiracX:Services:{SystemKey(system)}:Enabled", true);

    /// <summary>The configuration key part of a system name: <c>well-known</c> becomes <c>WellKnown</c>.</summary>
    public static string SystemKey(string system) =>
        DiracXSettingNames.Pascal(system.Replace('-', '_').Replace('.', '_').ToUpperInvariant());
}
