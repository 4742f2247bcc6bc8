using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Multi.Testing;

namespace Multi.Operator.Tests.Controllers.Reclaim;

/// <summary>
/// One chaos step per pod: create it, ADD through <c>multi-ipam</c>, then by the dice keep it (0), delete it after CNI DEL
/// (1), delete it without CNI DEL (2: a leak), or delete it without CNI DEL and re-create it under the same name with a
/// new UID and sandbox (3). Remembers which pod UIDs were ever deleted.
/// </summary>
internal sealed class Churn
{
    private readonly ConcurrentDictionary<string, byte> deleted = new(StringComparer.Ordinal);
    private int leaked;
    private int recreated;
    private int cleanlyDeleted;

    /// <summary>Pod name → the live pod's UID and the address its ADD returned.</summary>
    public ConcurrentDictionary<string, (string Uid, string Address)> Live { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Failures { get; } = new();

    public int Leaked => leaked;

    public int Recreated => recreated;

    public int CleanlyDeleted => cleanlyDeleted;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public bool NeverDeleted(string podUid) => !deleted.ContainsKey(podUid);

    public async Task StepAsync(ReclaimWorld world, JsonObject config, string name, int dice)
    {
        var uid = await world.PodAsync(name);
        if (await AddAsync(config, name, uid, "a") is not { } address)
        {
            return;
        }

        switch (dice)
        {
            case 1:
                await RunAsync("DEL", config, name, uid, "a");
                deleted[uid] = 0;
                await world.DeletePodAsync(name);
                Interlocked.Increment(ref cleanlyDeleted);
                break;
            case 2:
                deleted[uid] = 0;
                await world.DeletePodAsync(name);
                Interlocked.Increment(ref leaked);
                break;
            case 3:
                deleted[uid] = 0;
                await world.DeletePodAsync(name);
                var again = await world.PodAsync(name);
                if (await AddAsync(config, name, again, "b") is { } next)
                {
                    Live[name] = (again, next);
                }

                Interlocked.Increment(ref recreated);
                break;
            default:
                Live[name] = (uid, address);
                break;
        }
    }

    private async Task<string?> AddAsync(JsonObject config, string name, string uid, string sandbox)
    {
        var (code, stdout) = await RunAsync("ADD", config, name, uid, sandbox);
        return code == 0 ? JsonNode.Parse(stdout)!["ips"]![0]!["address"]!.GetValue<string>().Split('/')[0] : null;
    }

    private async Task<(int, string)> RunAsync(string command, JsonObject config, string name, string uid, string sandbox)
    {
        var args = $"IgnoreUnknown=1;K8S_POD_NAMESPACE=apps;K8S_POD_NAME={name};K8S_POD_UID={uid}";
        var (code, stdout) = await IpamProcess.RunAsync(command, config, $"{name}-{sandbox}", "node-a", args, ct: Ct);
        if (code != 0)
        {
            Failures.Enqueue($"{command} {name} ({uid}): {stdout}");
        }

        return (code, stdout);
    }
}
