using System.IO.Compression;
using System.Text;

namespace DiracX.Db.Jobs;

/// <summary>
/// How JDLs are stored: the UTF-8 text as a zlib stream (RFC 1950), in <c>bytea</c>. DiracX stores
/// <c>base64(zlib(jdl))</c> in a text column (DIRAC's <c>compressJDL</c>); we keep the zlib bytes and drop the base64
/// layer, which only served MySQL text columns. A DiracX value converts with one base64 decode.
/// </summary>
public static class JdlCompression
{
    /// <summary>
    /// The level JDLs are stored with. Chosen by measurement (<c>JdlCompressionBenchmarks</c>, docs/performance.md):
    /// on a ~1 KB JDL, <see cref="CompressionLevel.Fastest"/> costs a fraction of <see cref="CompressionLevel.Optimal"/>'s
    /// CPU for a few more bytes. Any level is the same zlib format: readers (ours, DiracX's) do not care.
    /// </summary>
    public const CompressionLevel Level = CompressionLevel.Fastest;

    /// <summary>Compresses a JDL at <see cref="Level"/>.</summary>
    public static byte[] Compress(string jdl) => Compress(jdl, Level);

    /// <summary>Compresses a JDL at the given level.</summary>
    public static byte[] Compress(string jdl, CompressionLevel level)
    {
        ArgumentNullException.ThrowIfNull(jdl);
        using var output = new MemoryStream(Math.Max(256, jdl.Length / 2));
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(Encoding.UTF8.GetBytes(jdl));
        }
        return output.ToArray();
    }

    /// <summary>
    /// The stored (compressed) prepared and original JDLs of each job, in order: each JDL is compressed once, the
    /// original reuses the prepared JDL's bytes when the texts are equal, and large lists use every core.
    /// </summary>
    public static (byte[][] Jdls, byte[][] Originals) CompressJobs(IReadOnlyList<NewJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var pairs = Core.Collections.OrderedParallel.Map(jobs, (job, _) =>
        {
            var jdl = Compress(job.Jdl);
            var original = string.Equals(job.Jdl, job.OriginalJdl, StringComparison.Ordinal) ? jdl : Compress(job.OriginalJdl);
            return (jdl, original);
        }, threshold: 64);
        var jdls = new byte[pairs.Length][];
        var originals = new byte[pairs.Length][];
        for (var i = 0; i < pairs.Length; i++)
        {
            (jdls[i], originals[i]) = pairs[i];
        }
        return (jdls, originals);
    }

    /// <summary>Decompresses a stored JDL; an empty value (DiracX's placeholder before the JDL is set) gives "".</summary>
    public static string Decompress(byte[] compressed)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        if (compressed.Length == 0)
        {
            return "";
        }
        using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(zlib, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
