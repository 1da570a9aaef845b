using System.Text.Json;
using System.Text.Json.Serialization;
using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Errors;
using DiracX.Routers.Infrastructure.Middleware;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Infrastructure.Hosting;

/// <summary>
/// DiracX's HTTP conventions, the same for every route: JSON names and numbers, <c>{"detail": ...}</c> error bodies,
/// request limits, the client-version check, CORS, forwarded headers and Kestrel (limits, server header, certificate).
/// </summary>
public static class HttpConventions
{
    /// <summary>Registers the conventions' services and options (<see cref="DiracXHttpOptions"/>).</summary>
    public static void AddHttpConventions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DiracXHttpOptions>().BindConfiguration(DiracXHttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var http = builder.Configuration.GetSection(DiracXHttpOptions.Section).Get<DiracXHttpOptions>() ?? new DiracXHttpOptions();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        AddErrorBodies(builder.Services);
        ConfigureKestrel(builder, http);
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p
            .WithOrigins(http.CorsOrigins).AllowCredentials().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Content-Range")));
        builder.Services.Configure<ForwardedHeadersOptions>(o => TrustProxies(o, http.TrustedProxies));
    }

    /// <summary>The middleware of the conventions, in order, before authentication and the routes.</summary>
    public static void UseHttpConventions(this WebApplication app, DiracXRegistries registries)
    {
        var http = app.Services.GetRequiredService<IOptions<DiracXHttpOptions>>().Value;
        app.UseForwardedHeaders();
        // Our handler logs failures itself, redacted; the middleware's own log would carry the raw exception.
        app.UseExceptionHandler(new ExceptionHandlerOptions { SuppressDiagnosticsCallback = _ => true });
        app.UseStatusCodePages(StatusCodeBodies.WriteAsync);
        app.UseMiddleware<RequestSizeMiddleware>(http.MaxRequestBodyBytes);
        app.UseMiddleware<ClientVersionMiddleware>(registries.Get<ClientVersionPolicy>().EffectiveMinimum(http.MinClientVersion));
        app.UseCors();
        app.UseErrorBodyBuffering();
    }

    /// <summary>DiracX's JSON: names exactly as declared (no naming policy), strict numbers, enums as their names.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = null;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.RespectRequiredConstructorParameters = true;
        options.RespectNullableAnnotations = true;
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new Core.Serialization.UtcTimestampConverter());
        Hardening.HostileInputJson.Add(options);
    }

    // Binding failures throw (and become 422 in the one exception handler); every failure leaves as {"detail": ...}.
    private static void AddErrorBodies(IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<DiracExceptionHandler>();
        services.AddProblemDetails();
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, DiracXHttpOptions http) =>
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

    private static void TrustProxies(ForwardedHeadersOptions options, IEnumerable<string> proxies)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            if (System.Net.IPNetwork.TryParse(proxy, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (System.Net.IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
        }
    }
}
