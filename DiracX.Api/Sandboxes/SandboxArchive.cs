using System.Formats.Tar;
using ICSharpCode.SharpZipLib.BZip2;
using ZstdSharp;

namespace DiracX.Api.Sandboxes;

/// <summary>A sandbox tarball written to a temporary file, with its checksum and size (delete it with <see cref="Dispose"/>).</summary>
/// <param name="Path">The temporary file.</param>
/// <param name="Sha256">Its SHA-256, lowercase hex.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record SandboxFile(string Path, string Sha256, long Size) : IDisposable
{
    /// <summary>Deletes the temporary file.</summary>
    public void Dispose() => File.Delete(Path);
}

/// <summary>Options of sandbox creation.</summary>
public sealed record SandboxCreateOptions
{
    /// <summary>The zstd level (DiracX: 18).</summary>
    public int CompressionLevel { get; init; } = 18;

    /// <summary>Called with the number of compressed bytes written so far (creation) or sent (upload).</summary>
    public Action<long>? Progress { get; init; }
}

/// <summary>
/// Sandbox tarballs: created as <c>tar.zst</c> streamed into a temporary file while its SHA-256 is computed (memory
/// stays constant whatever the size), and extracted from <c>tar.zst</c> or <c>tar.bz2</c> without letting any entry
/// leave the destination.
/// </summary>
public static class SandboxArchive
{
    private static readonly byte[] s_zstdMagic = [0x28, 0xB5, 0x2F, 0xFD];

    /// <summary>
    /// Tars the files and folders (each under its own name, folders recursively) through zstd into a temporary file.
    /// </summary>
    public static async Task<SandboxFile> CreateAsync(IEnumerable<string> paths, SandboxCreateOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new SandboxCreateOptions();
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"diracx-sandbox-{Guid.NewGuid():N}.tar.zst");
        try
        {
            string sha;
            long size;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await using var hashing = new HashingStream(file, leaveOpen: true, options.Progress);
                await using (var zstd = new CompressionStream(hashing, options.CompressionLevel, leaveOpen: true))
                {
                    zstd.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_enableLongDistanceMatching, 1);
                    await using var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true);
                    foreach (var item in paths)
                    {
                        await AddAsync(tar, System.IO.Path.GetFullPath(item), System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(item)), cancellationToken);
                    }
                }
                sha = hashing.HexDigest();
                size = hashing.Count;
            }
            return new SandboxFile(path, sha, size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static async Task AddAsync(TarWriter tar, string fullPath, string name, CancellationToken cancellationToken)
    {
        if (Directory.Exists(fullPath))
        {
            await tar.WriteEntryAsync(fullPath, name, cancellationToken);
            foreach (var child in Directory.EnumerateFileSystemEntries(fullPath).Order(StringComparer.Ordinal))
            {
                await AddAsync(tar, child, $"{name}/{System.IO.Path.GetFileName(child)}", cancellationToken);
            }
        }
        else if (File.Exists(fullPath))
        {
            await tar.WriteEntryAsync(fullPath, name, cancellationToken);
        }
        else
        {
            throw new FileNotFoundException($"No such file or folder: {fullPath}", fullPath);
        }
    }

    /// <summary>
    /// Extracts a <c>tar.zst</c> or <c>tar.bz2</c> stream (told apart by its magic bytes) into <paramref name="destination"/>.
    /// Absolute names, <c>..</c>, devices, FIFOs, hard links and symbolic links whose target leaves the destination are
    /// refused, as is writing through a link; anything refused throws <see cref="InvalidDataException"/>. Returns what
    /// was created (files and folders), for the caller to remove on failure.
    /// </summary>
    public static async Task ExtractAsync(Stream archive, string destination, List<string> created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(created);
        var root = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(destination));
        Directory.CreateDirectory(root);
        var buffered = new BufferedStream(archive, 1 << 16);
        var magic = new byte[4];
        var read = 0;
        // Peek without consuming: a BufferedStream over a non-seekable stream cannot seek back, so read into the buffer
        // and hand a stream that replays it.
        while (read < 4)
        {
            var n = await buffered.ReadAsync(magic.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        Stream replay = new ConcatenatedStream(new MemoryStream(magic, 0, read), buffered);
        await using Stream decompressed = magic.AsSpan(0, read).SequenceEqual(s_zstdMagic)
            ? new DecompressionStream(replay, leaveOpen: true)
            : read >= 3 && magic[0] == (byte)'B' && magic[1] == (byte)'Z' && magic[2] == (byte)'h'
                ? new BZip2InputStream(replay) { IsStreamOwner = false }
                : throw new InvalidDataException("The sandbox is neither tar.zst nor tar.bz2");
        await using var tar = new TarReader(decompressed, leaveOpen: true);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var target = SafePath(root, entry.Name);
            EnsureNoLinkOnTheWay(root, target);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (!Directory.Exists(target))
                    {
                        Directory.CreateDirectory(target);
                        created.Add(target);
                    }
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                    created.Add(target);
                    await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                    {
                        if (entry.DataStream is { } data)
                        {
                            await data.CopyToAsync(output, cancellationToken);
                        }
                    }
                    break;
                case TarEntryType.SymbolicLink:
                    var linkTarget = entry.LinkName;
                    if (System.IO.Path.IsPathRooted(linkTarget))
                    {
                        throw new InvalidDataException($"Refused symbolic link {entry.Name} -> {linkTarget}: absolute target");
                    }
                    SafePath(root, System.IO.Path.Combine(System.IO.Path.GetRelativePath(root, System.IO.Path.GetDirectoryName(target)!), linkTarget));
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                    File.CreateSymbolicLink(target, linkTarget);
                    created.Add(target);
                    break;
                case TarEntryType.GlobalExtendedAttributes:
                    break;
                default:
                    throw new InvalidDataException($"Refused entry {entry.Name}: {entry.EntryType} entries are not extracted");
            }
        }
        // Read to the end, so that a checksum over the whole stream covers the trailing blocks too.
        await decompressed.CopyToAsync(Stream.Null, cancellationToken);
        await buffered.CopyToAsync(Stream.Null, cancellationToken);
    }

    /// <summary>The full path of an entry; throws when it is absolute or leaves the root.</summary>
    private static string SafePath(string root, string name)
    {
        if (string.IsNullOrEmpty(name) || System.IO.Path.IsPathRooted(name) || name.Replace('\\', '/').Split('/').Contains(".."))
        {
            throw new InvalidDataException($"Refused entry {name}: absolute or escaping path");
        }
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, name));
        if (!full.StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) && full != root)
        {
            throw new InvalidDataException($"Refused entry {name}: it leaves the destination");
        }
        return System.IO.Path.TrimEndingDirectorySeparator(full);
    }

    /// <summary>Refuses a target whose existing parents (below the root), or itself, is a link: writing through it could leave the root.</summary>
    private static void EnsureNoLinkOnTheWay(string root, string target)
    {
        for (var p = target; p.Length > root.Length; p = System.IO.Path.GetDirectoryName(p)!)
        {
            var info = new FileInfo(p);
            if (info.Exists || Directory.Exists(p))
            {
                if (info.LinkTarget is not null || new DirectoryInfo(p).LinkTarget is not null)
                {
                    throw new InvalidDataException($"Refused entry {System.IO.Path.GetRelativePath(root, target)}: it goes through a link");
                }
            }
        }
    }

    /// <summary>Reads one stream, then another.</summary>
    private sealed class ConcatenatedStream(Stream first, Stream second) : Stream
    {
        private bool _firstDone;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_firstDone)
            {
                var n = first.Read(buffer);
                if (n > 0)
                {
                    return n;
                }
                _firstDone = true;
            }
            return second.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_firstDone)
            {
                var n = await first.ReadAsync(buffer, cancellationToken);
                if (n > 0)
                {
                    return n;
                }
                _firstDone = true;
            }
            return await second.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
