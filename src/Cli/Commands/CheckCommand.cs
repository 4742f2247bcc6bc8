using System.CommandLine;
using System.Text.Json.Nodes;
using Multi.Cli.Kube;
using Multi.Cli.Output;

namespace Multi.Cli.Commands;

/// <summary><c>multictl check</c>: stale claims, unclaimed pod addresses, claims outside their pool, duplicate claims.</summary>
internal static class CheckCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("check", "Check IPAM consistency: stale claims, unclaimed pod addresses, claims outside their pool, duplicates (exit 3 on findings)");
        command.SetAction((parse, ct) => runner.RunAsync(parse, "check IPAM consistency", RunAsync, ct));
        return command;
    }

    private static async Task<int> RunAsync(ClusterReader reader, Printer printer, CancellationToken cancellationToken)
    {
        var pools = await reader.ListPoolsAsync(cancellationToken).ConfigureAwait(false);
        var claims = await reader.ListClaimsAsync(null, cancellationToken).ConfigureAwait(false);
        var pods = await reader.ListPodsAsync(cancellationToken).ConfigureAwait(false);
        var findings = CheckFindings.Find(pools, claims, pods).ToList();
        printer.Write(new JsonArray([.. findings.Select(f => f.ToJson())]), console =>
        {
            foreach (var finding in findings)
            {
                console.Profile.Out.Writer.WriteLine(finding.ToString());
            }

            if (findings.Count == 0)
            {
                console.Profile.Out.Writer.WriteLine($"No findings: {pools.Count} pools, {claims.Count} claims, {pods.Count} pods checked.");
            }
        });
        return findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Findings;
    }
}
