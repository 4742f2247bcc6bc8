using System.Text;
using Multi.Cni.State;

namespace Multi.Cni.Kube;

/// <summary>
/// A bearer token that follows its file: read again when the file's modification time changes (looked at, at most, once per
/// <see cref="CheckInterval"/> of the injected clock) and at once after a 401. A file that cannot be read, or is empty, keeps the
/// token already held; the next check tries again. Thread-safe: one client serves concurrent requests.
/// </summary>
internal sealed class TokenFileCredential
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly string path;
    private readonly TimeProvider clock;
    private string token;
    private DateTime modified;
    private long checkedAt;

    public TokenFileCredential(KubeTokenFile file, string token, TimeProvider clock)
    {
        path = file.Path;
        modified = file.Modified;
        this.token = token;
        this.clock = clock;
        checkedAt = clock.GetTimestamp();
    }

    public string Path => path;

    /// <summary>The token, read again first when the file changed since the last look (at most one look per interval).</summary>
    public string Current()
    {
        lock (gate)
        {
            if (clock.GetElapsedTime(checkedAt) >= CheckInterval)
            {
                checkedAt = clock.GetTimestamp();
                var stamp = File.GetLastWriteTimeUtc(path);
                if (stamp != modified)
                {
                    TryRead(stamp);
                }
            }

            return token;
        }
    }

    /// <summary>After a 401: reads the file at once, whatever its time says; true when the token changed (worth one retry).</summary>
    public bool Reload()
    {
        lock (gate)
        {
            checkedAt = clock.GetTimestamp();
            var previous = token;
            TryRead(File.GetLastWriteTimeUtc(path));
            return !string.Equals(previous, token, StringComparison.Ordinal);
        }
    }

    private void TryRead(DateTime stamp)
    {
        try
        {
            var text = Encoding.UTF8.GetString(CallerFile.ReadAllBytes(path)).Trim();
            if (text.Length > 0)
            {
                token = text;
                modified = stamp;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Mid-rotation (the projected volume swaps a symbolic link): keep the token held, look again next time.
        }
    }
}
