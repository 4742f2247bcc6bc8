using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using k8s.Autorest;
using Multi.Cli.Kube;
using Multi.Cli.Output;
using Multi.Core.Ipam;

namespace Multi.Cli.Commands;

/// <summary>
/// <c>multictl release POOL ADDRESS</c>: deletes one claim, read fresh, with its UID and resourceVersion as preconditions,
/// so a claim that changed (or was re-created) after the read is never deleted. Unless the owner is provably gone
/// (<see cref="IpAllocationOwners.IsReclaimable"/>), a live or unidentified owner, the release needs <c>--force</c> and a
/// typed confirmation (or <c>--yes</c>).
/// </summary>
internal static class ReleaseCommand
{
    public static Command Create(CommandRunner runner)
    {
        var pool = new Argument<string>("POOL") { Description = "The IP pool's name" };
        var address = new Argument<string>("ADDRESS") { Description = "The claimed address" };
        var force = new Option<bool>("--force") { Description = "Release even though the owner pod is live or cannot be identified (asks to type the address)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "With --force: do not ask for confirmation" };
        var command = new Command("release", "Release a claimed address (refused while its owner pod is live or unidentified unless --force)") { pool, address, force, yes };
        command.SetAction((parse, ct) => runner.RunAsync(parse, $"release {parse.GetValue(address)} in IP pool {parse.GetValue(pool)}", (reader, printer, token) =>
            RunAsync(reader, printer, new Request(parse.GetRequiredValue(pool), parse.GetRequiredValue(address), parse.GetValue(force), parse.GetValue(yes)), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(ClusterReader reader, Printer printer, Request request, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(request.Address, out var address) || address.IsIPv4MappedToIPv6)
        {
            throw new CliFailure($"\"{request.Address}\" is not an IPv4 or IPv6 address");
        }

        if (!KubeNames.IsDns1123Label(request.Pool))
        {
            throw new CliFailure($"\"{request.Pool}\" is not a valid IP pool name");
        }

        var name = IpAllocationName.Format(request.Pool, address);
        var claim = await reader.GetClaimAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new CliFailure($"nothing to release: no claim for {address} in IP pool {request.Pool} (IPAllocation/{name} not found)", ExitCodes.NotFound);
        var owner = claim.Spec.Owner;
        var pod = await reader.GetOwnerPodAsync(owner, cancellationToken).ConfigureAwait(false);
        var state = IpAllocationOwners.Judge(owner, pod);
        var described = IpAllocationOwners.Describe(state, owner, pod);
        if (!IpAllocationOwners.IsReclaimable(state))
        {
            if (!request.Force)
            {
                var uid = state == IpAllocationOwnerState.Live ? $" (uid {owner.PodUid})" : "";
                throw new CliFailure($"refusing to release {address}: {described}{uid}; use --force to release it anyway", ExitCodes.Findings);
            }

            if (!request.Yes && !await ConfirmAsync(address, described).ConfigureAwait(false))
            {
                throw new CliFailure($"not confirmed; {address} not released", ExitCodes.Findings);
            }
        }

        try
        {
            await reader.DeleteClaimAsync(claim, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            throw new CliFailure($"IPAllocation/{name} changed since read; not released");
        }

        printer.Write(new JsonObject { ["released"] = name, ["pool"] = request.Pool, ["address"] = address.ToString(), ["ownerState"] = state.ToString() }, console =>
            console.Profile.Out.Writer.WriteLine($"released {address} in IP pool {request.Pool} (IPAllocation/{name}; {described})"));
        return ExitCodes.Ok;
    }

    /// <summary>Asks on stderr for the address to be typed on stdin; anything else (or end of input) is a no.</summary>
    private static async Task<bool> ConfirmAsync(IPAddress address, string described)
    {
        await Console.Error.WriteAsync($"{address} is in use: {described}. Type the address to release it: ").ConfigureAwait(false);
        var answer = await Console.In.ReadLineAsync().ConfigureAwait(false);
        return IPAddress.TryParse(answer?.Trim(), out var typed) && typed.Equals(address);
    }

    private sealed record Request(string Pool, string Address, bool Force, bool Yes);
}
