using System.Globalization;

namespace DiracX.Logic.Tasks;

/// <summary>DiracX's task priorities: a worker claims realtime runs before normal ones, normal before background.</summary>
public enum TaskPriority
{
    /// <summary>First.</summary>
    Realtime = 0,
    /// <summary>The default.</summary>
    Normal = 1,
    /// <summary>Last (clean-ups).</summary>
    Background = 2,
}

/// <summary>When a periodic task runs: DiracX's 5-field UTC cron, or a fixed interval.</summary>
public abstract record TaskSchedule
{
    /// <summary>A 5-field cron expression (minute hour day-of-month month day-of-week), UTC, as DiracX's <c>CronSchedule</c>.</summary>
    public static TaskSchedule Cron(string expression) => new CronTaskSchedule(DiracXCron.Validate(expression));

    /// <summary>Every <paramref name="interval"/> (DiracX's <c>IntervalSeconds</c>).</summary>
    public static TaskSchedule Every(TimeSpan interval) => interval > TimeSpan.Zero
        ? new IntervalTaskSchedule(interval)
        : throw new ArgumentOutOfRangeException(nameof(interval), "an interval must be positive");

    /// <summary>The stored text: <c>cron:0 6 * * *</c> or <c>every:10</c> (seconds).</summary>
    public abstract string Text { get; }

    /// <summary>Reads <see cref="Text"/> back.</summary>
    public static TaskSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith("cron:", StringComparison.Ordinal) ? Cron(text[5..])
            : text.StartsWith("every:", StringComparison.Ordinal) ? Every(TimeSpan.FromSeconds(double.Parse(text[6..], CultureInfo.InvariantCulture)))
            : throw new FormatException($"not a task schedule: {text}");
    }
}

/// <summary>A 5-field UTC cron schedule.</summary>
public sealed record CronTaskSchedule(string Expression) : TaskSchedule
{
    /// <inheritdoc />
    public override string Text => "cron:" + Expression;
}

/// <summary>A fixed-interval schedule.</summary>
public sealed record IntervalTaskSchedule(TimeSpan Interval) : TaskSchedule
{
    /// <inheritdoc />
    public override string Text => "every:" + Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// What happens after a failed attempt: nothing (<see cref="None"/>), a retry after a fixed delay, or after an
/// exponentially growing delay with jitter. Attempts are counted from 1; after the last one the run fails for good.
/// </summary>
public abstract record RetryPolicy(int MaxAttempts)
{
    /// <summary>One attempt only.</summary>
    public static RetryPolicy None { get; } = new FixedRetryPolicy(1, TimeSpan.Zero);

    /// <summary>Up to <paramref name="maxAttempts"/> attempts, <paramref name="delay"/> apart.</summary>
    public static RetryPolicy Fixed(int maxAttempts, TimeSpan delay) => new FixedRetryPolicy(maxAttempts, delay);

    /// <summary>
    /// Up to <paramref name="maxAttempts"/> attempts; after attempt n the delay is <paramref name="baseDelay"/>·2^(n-1),
    /// capped at <paramref name="maxDelay"/>, times a random factor in [1 − jitter, 1 + jitter].
    /// </summary>
    public static RetryPolicy Exponential(int maxAttempts, TimeSpan baseDelay, TimeSpan? maxDelay = null, double jitter = 0.2) =>
        new ExponentialRetryPolicy(maxAttempts, baseDelay, maxDelay ?? TimeSpan.FromHours(1), jitter);

    /// <summary>The delay before the next attempt after attempt <paramref name="attempt"/> failed, or null when none is left.</summary>
    public abstract TimeSpan? DelayAfter(int attempt, Random random);
}

/// <summary>A fixed delay between attempts.</summary>
public sealed record FixedRetryPolicy(int MaxAttempts, TimeSpan Delay) : RetryPolicy(MaxAttempts)
{
    /// <inheritdoc />
    public override TimeSpan? DelayAfter(int attempt, Random random) => attempt < MaxAttempts ? Delay : null;
}

/// <summary>Exponential back-off with jitter.</summary>
public sealed record ExponentialRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, double Jitter) : RetryPolicy(MaxAttempts)
{
    /// <inheritdoc />
    public override TimeSpan? DelayAfter(int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (attempt >= MaxAttempts)
        {
            return null;
        }
        var delay = Math.Min(BaseDelay.TotalSeconds * Math.Pow(2, attempt - 1), MaxDelay.TotalSeconds);
        return TimeSpan.FromSeconds(delay * (1 + Jitter * (random.NextDouble() * 2 - 1)));
    }
}

/// <summary>A rate limit: at most <paramref name="Count"/> starts per <paramref name="Window"/>.</summary>
public sealed record TaskRateLimit(int Count, TimeSpan Window);

/// <summary>
/// A registered task: its name (DiracX's <c>group:Class</c>), class, arguments' version, priority, retry policy,
/// schedule (periodic tasks; per VO when <see cref="PerVo"/>), and limits. An extension replaces a task by
/// registering another definition under the same name.
/// </summary>
/// <param name="Name">The registered name, e.g. <c>auth:PruneAuthDb</c>.</param>
/// <param name="TaskType">The class (an <see cref="ITaskHandler"/>), created per run in the run's DI scope.</param>
public sealed record TaskDefinition(string Name, Type TaskType)
{
    /// <summary>The version of the arguments' JSON shape; a stored run with another version fails into the dead-letter list.</summary>
    public int ArgsVersion { get; init; } = 1;

    /// <summary>The priority.</summary>
    public TaskPriority Priority { get; init; } = TaskPriority.Normal;

    /// <summary>The retry policy.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.None;

    /// <summary>The schedule of a periodic task (null: on demand only).</summary>
    public TaskSchedule? Schedule { get; init; }

    /// <summary>One schedule per VO of the configuration (the VO is the argument <c>{"vo": ...}</c>).</summary>
    public bool PerVo { get; init; }

    /// <summary>
    /// A configuration key (<c>DiracX:Tasks:DummyJobExecutor:Enabled</c>) that must be true for the schedule to exist;
    /// null: always scheduled.
    /// </summary>
    public string? EnabledSetting { get; init; }

    /// <summary>At most this many runs of the task at once, across workers (null: no limit).</summary>
    public int? ConcurrencyLimit { get; init; }

    /// <summary>At most this many starts per window, across workers (null: no limit).</summary>
    public TaskRateLimit? RateLimit { get; init; }

    /// <summary>
    /// One run at a time per task (per task and VO for per-VO tasks): periodic tasks default to it, as DiracX's
    /// <c>PeriodicBaseTask</c> holds a <c>MutexLock</c> on itself.
    /// </summary>
    public bool Mutex { get; init; }
}
