using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DiracX.Testing;

/// <summary>Every log line written by any DiracX app started by the fixtures in this test process (for leak tests).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private static readonly ConcurrentQueue<string> s_lines = new();

    /// <summary>The lines captured so far: category, level, message and exception text.</summary>
    public static IReadOnlyCollection<string> Lines => s_lines;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            s_lines.Enqueue($"{category} [{logLevel}] {formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                // Structured values can reach exporters without appearing in the formatted message.
                foreach (var (key, value) in properties)
                {
                    s_lines.Enqueue($"{category} [{logLevel}] {key}={value}");
                }
            }
        }
    }
}
