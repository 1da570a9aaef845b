using System.Text.Json;
using System.Text.Json.Serialization;
using DiracX.Core.Modules;
using DiracX.Core.Settings;
using DiracX.Core.Versioning;
using DiracX.Db.Infrastructure;
using DiracX.Routers.Access;
using DiracX.Routers.Auth;
using DiracX.Routers.Errors;
using DiracX.Routers.Health;
using DiracX.Routers.Middleware;
using DiracX.Routers.OpenApi;
using DiracX.Routers.Routing;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Hosting;

/// <summary>
/// Builds the DiracX routers application from modules: Program.cs, the tests and extensions' hosts all go through here,
/// so every route follows the same wire rules.
/// </summary>
public static class DiracXRouters
{
    /// <summary>
    /// Creates the builder: configuration (with DiracX's environment names), service defaults, every enabled module's
    /// registrations, databases, JSON and error conventions, CORS, forwarded headers and OpenAPI.
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
        configure?.Invoke(builder);
        builder.AddServiceDefaults();

        var registries = new DiracXRegistries();
        var enabled = modules.Where(m => IsEnabled(builder.Configuration, m.Name)).ToList();
        registries.RegisterAll(enabled, builder.Services, builder.Configuration);
        builder.Services.AddSingleton(registries);
        AddDatabases(builder, registries);
        AddAccessControl(builder, registries);
        AddHttpConventions(builder);
        builder.Services.AddDiracXOpenApi();
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
        var http = app.Services.GetRequiredService<IOptions<DiracXHttpOptions>>().Value;

        app.UseForwardedHeaders();
        // Our handler logs failures itself, redacted; the middleware's own log would carry the raw exception.
        app.UseExceptionHandler(new ExceptionHandlerOptions { SuppressDiagnosticsCallback = _ => true });
        app.UseStatusCodePages(StatusCodeBodies.WriteAsync);
        app.UseMiddleware<RequestSizeMiddleware>(http.MaxRequestBodyBytes);
        app.UseMiddleware<ClientVersionMiddleware>(registries.Get<ClientVersionPolicy>().EffectiveMinimum(http.MinClientVersion));
        app.UseCors();
        app.UseMiddleware<BearerAuthenticationMiddleware>();
        app.UseMiddleware<UnitOfWorkMiddleware>();

        foreach (var route in registries.Get<RouteRegistry>().Routes)
        {
            RouteMapper.Map(app, route);
        }
        app.MapOpenApi("/api/openapi.json");
        // A browsable page with PKCE login (DiracX's Swagger UI at /api/docs, client myDIRACClientID).
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api/docs";
            ui.DocumentTitle = "DiracX API";
            ui.SwaggerEndpoint("/api/openapi.json", "DiracX");
            ui.OAuthClientId(app.Configuration["DiracX:Auth:DiracClientId"] ?? "myDIRACClientID");
            ui.OAuthUsePkce();
            ui.OAuthScopes(["property:NormalUser", .. http.DocsOAuthScopes]);
        });
        return app;
    }

    /// <summary>Whether a system is enabled (<c>DIRACX_SERVICE_&lt;NAME&gt;_ENABLED</c>, default true).</summary>
    public static bool IsEnabled(IConfiguration configuration, string system) =>
        configuration.GetValue($"DiracX:Services:{SystemKey(system)}:Enabled", true);

    /// <summary>The configuration key part of a system name: <c>well-known</c> becomes <c>WellKnown</c>.</summary>
    public static string SystemKey(string system) =>
        DiracXSettingNames.Pascal(system.Replace('-', '_').Replace('.', '_').ToUpperInvariant());

    private static void AddDatabases(WebApplicationBuilder builder, DiracXRegistries registries)
    {
        var databases = registries.Get<DatabaseRegistry>();
        var routes = registries.Get<RouteRegistry>();
        var requirements = registries.Get<SystemRequirements>();
        foreach (var route in routes.Routes)
        {
            foreach (var db in route.Databases)
            {
                requirements.Add(route.System, $"the database {db} (ConnectionStrings:{db} or DIRACX_DB_URL_{db.ToUpperInvariant()})",
                    c => DbConnectionStrings.Find(c, db) is not null);
            }
        }
        builder.Services.AddDiracXDatabases(databases, builder.Configuration);
        builder.Services.AddSingleton<DbMigrator>();
        builder.Services.AddSingleton(registries.Get<SystemRequirements>());
        builder.Services.AddSingleton(DbConnectionMap.Create(routes.Routes.SelectMany(r => r.Databases).Concat(databases.DbNames), builder.Configuration));
        builder.Services.AddSingleton<IReadinessCheck, DatabaseReadinessCheck>();
    }

    private static void AddAccessControl(WebApplicationBuilder builder, DiracXRegistries registries)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AccessPolicyTracker>();
        foreach (var (_, (service, implementation)) in registries.Get<AccessPolicyRegistry>().Policies)
        {
            builder.Services.AddScoped(service, implementation);
        }
        var requirements = registries.Get<SystemRequirements>();
        var authenticated = registries.Get<RouteRegistry>().Routes.Where(r => r.Access != RouteAccess.Open).Select(r => r.System).Distinct().ToList();
        foreach (var system in authenticated)
        {
            requirements.RequireSetting(system, "DiracX:Auth:TokenIssuer", "DIRACX_SERVICE_AUTH_TOKEN_ISSUER");
            requirements.RequireSetting(system, "DiracX:Auth:TokenKeystore", "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE");
        }
        foreach (var unknown in AccessDeclarations.FindUnknownPolicies(registries.Get<RouteRegistry>().Routes, registries.Get<AccessPolicyRegistry>()))
        {
            requirements.Add("access", $"a registered access policy ({unknown})", _ => false);
        }
        if (authenticated.Count > 0)
        {
            builder.Services.AddDiracXTokens();
        }
    }

    private static void AddHttpConventions(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DiracXHttpOptions>().BindConfiguration(DiracXHttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<DiracExceptionHandler>();
        builder.Services.AddProblemDetails();
        var http = builder.Configuration.GetSection(DiracXHttpOptions.Section).Get<DiracXHttpOptions>() ?? new DiracXHttpOptions();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = http.MaxRequestBodyBytes;
            k.AddServerHeader = false;
            if (http.CertificatePath is not null && http.CertificateKeyPath is not null)
            {
                var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(http.CertificatePath, http.CertificateKeyPath);
                k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate);
            }
        });
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p
            .WithOrigins(http.CorsOrigins).AllowCredentials().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Content-Range")));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in http.TrustedProxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
                else if (System.Net.IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }
        });
    }

    /// <summary>DiracX's JSON: names exactly as declared (no naming policy), strict numbers, enums as their names.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = null;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.RespectRequiredConstructorParameters = true;
        options.RespectNullableAnnotations = true;
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new Core.Serialization.UtcTimestampConverter());
    }

    /// <summary>Fails the start-up when an enabled system lacks a database or setting, naming what is missing.</summary>
    private sealed class StartupRequirementsValidator(SystemRequirements requirements, IConfiguration configuration) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var missing = requirements.All.Where(r => !r.IsMet(configuration))
                .Select(r => $"Cannot enable system={r.System} as it requires {r.What}").Distinct().ToList();
            return missing.Count == 0 ? Task.CompletedTask : throw new InvalidOperationException(string.Join(Environment.NewLine, missing));
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
