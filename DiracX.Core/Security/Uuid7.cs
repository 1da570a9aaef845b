namespace DiracX.Core.Security;

/// <summary>UUIDv7 helpers: DiracX token ids (<c>jti</c>) and key ids are UUIDv7, and a token's time is its id's.</summary>
public static class Uuid7
{
    /// <summary>A new UUIDv7 for the current time of <paramref name="timeProvider"/>.</summary>
    public static Guid New(TimeProvider timeProvider) => Guid.CreateVersion7(timeProvider.GetUtcNow());

    /// <summary>The creation time (millisecond precision, UTC) carried by a UUIDv7.</summary>
    /// <exception cref="ArgumentException">The value is not a version 7 UUID.</exception>
    public static DateTimeOffset GetTimestamp(Guid uuid)
    {
        if (uuid.Version != 7)
        {
            throw new ArgumentException("Not a version 7 UUID", nameof(uuid));
        }
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        long milliseconds = 0;
        for (var i = 0; i < 6; i++)
        {
            milliseconds = (milliseconds << 8) | bytes[i];
        }
        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    /// <summary>The creation time carried by a UUIDv7 in text form (as in a <c>jti</c> claim).</summary>
    /// <exception cref="ArgumentException">The value is not a version 7 UUID.</exception>
    public static DateTimeOffset GetTimestamp(string uuid) =>
        Guid.TryParse(uuid, out var parsed)
            ? GetTimestamp(parsed)
            : throw new ArgumentException("Not a UUID", nameof(uuid));
}
