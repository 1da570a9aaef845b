using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Polly;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Service defaults shared by every DiracX process: telemetry, health checks, resilience, discovery.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The name of DiracX's own ActivitySource and Meter (see DiracX.Core's DiracXTelemetry).</summary>
    public const string TelemetryName = "DiracX";

    /// <summary>Adds OpenTelemetry, the liveness health check, service discovery and resilient HTTP clients.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Retries only for safe methods: a retried POST could submit jobs twice. No total timeout: sandbox
            // transfers may take as long as they need; each attempt still has a connect timeout from the handler.
            http.AddResilienceHandler("diracx", pipeline =>
            {
                var retry = new HttpRetryStrategyOptions();
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
            });
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs: ASP.NET Core, HttpClient, Npgsql, the runtime and DiracX's own source and meter.
    /// Exported with OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (Aspire) or <c>DiracX:Otel:GrpcEndpoint</c>
    /// (DiracX's <c>DIRACX_OTEL_GRPC_ENDPOINT</c>, with <c>DIRACX_OTEL_ENABLED=true</c>) is set.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // A failed start is reported by the process in one line (StartupFailure), not by the host with a stack trace.
        builder.Logging.AddFilter(StartupFailure.HostCategory, LogLevel.Critical);
        builder.Logging.AddOpenTelemetry(l =>
        {
            l.IncludeFormattedMessage = true;
            l.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddMeter(TelemetryName).AddMeter("Npgsql"))
            .WithTracing(t => t.AddSource(builder.Environment.ApplicationName, TelemetryName)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/api/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        var diracxEndpoint = builder.Configuration.GetValue<bool>("DiracX:Otel:Enabled") ? builder.Configuration["DiracX:Otel:GrpcEndpoint"] : null;
        if (!string.IsNullOrWhiteSpace(diracxEndpoint))
        {
            builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ??= diracxEndpoint;
            builder.Configuration["OTEL_EXPORTER_OTLP_HEADERS"] ??= OtlpHeaders(builder.Configuration["DiracX:Otel:Headers"]);
            builder.Configuration["OTEL_SERVICE_NAME"] ??= builder.Configuration["DiracX:Otel:ApplicationName"] ?? "diracx";
        }
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>
    /// DiracX's <c>DIRACX_OTEL_HEADERS</c> is a JSON mapping; OpenTelemetry's <c>OTEL_EXPORTER_OTLP_HEADERS</c> is
    /// <c>key=value,key=value</c>. A value that is not a JSON object is passed on as it is.
    /// </summary>
    public static string? OtlpHeaders(string? diracxHeaders)
    {
        if (string.IsNullOrWhiteSpace(diracxHeaders) || !diracxHeaders.TrimStart().StartsWith('{'))
        {
            return diracxHeaders;
        }
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(diracxHeaders);
            return string.Join(",", doc.RootElement.EnumerateObject().Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value.ToString())}"));
        }
        catch (System.Text.Json.JsonException)
        {
            return diracxHeaders;
        }
    }

    /// <summary>Maps the process liveness endpoint used by the AppHost.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/alive", new() { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}
