using Multi.Cni;
using Multi.Cni.Delegation;
using Multi.Cni.Ipam;
using Multi.Cni.Kube;
using Multi.Cni.Netns;
using Multi.Core.Cni;
using Multi.Core.Daemon;
using Multi.MetaPlugin.Shim;

// Node setup, not a CNI call (CNI passes no arguments): `multi-ipam init-journal [dir]` (docs/ipam.md).
if (args is [IpamSetup.InitJournalCommand, ..] && IsIpamPlugin())
{
    return IpamSetup.InitJournal(args, Console.Out, Console.Error);
}

// The CNI entry point: environment and stdin are read once; stdout carries only the result or the error.
byte[] stdin;
try
{
    // Bounded: one byte past the limit is enough for the parser to refuse the document (InputLimits.MaxDocumentBytes).
    using var input = Console.OpenStandardInput();
    using var buffer = new MemoryStream();
    var chunk = new byte[64 * 1024];
    int read;
    while (buffer.Length <= InputLimits.MaxDocumentBytes && (read = input.Read(chunk, 0, chunk.Length)) > 0)
    {
        buffer.Write(chunk, 0, read);
    }

    stdin = buffer.ToArray();
}
catch (IOException ex)
{
    var failure = PluginOutcome.Failure(new CniError(CniErrorCode.IoFailure, "cannot read stdin", ex.Message), CniVersion.Latest);
    Console.Out.Write(failure.Stdout);
    return failure.ExitCode;
}

var clock = TimeProvider.System;
var env = CniEnvironment.From(Environment.GetEnvironmentVariable);
var ipam = IsIpamPlugin();

// The shim: the node daemon answers when the configuration names its socket and it is up; otherwise the thin path below
// runs the request in-process exactly as without a daemon (node-daemon.md, sections 2 and 3). The C shim the runtime calls
// (Shim/native/multi-shim.c) has tried the daemon already when it passes --in-process, and has said why it was not used.
if (args is not [DaemonShim.InProcessFlag] && new DaemonShim(clock).TryForward(ipam ? DaemonPlugin.MultiIpam : DaemonPlugin.Multi, env, stdin) is { } exitCode)
{
    return exitCode;
}

PluginOutcome outcome;
if (ipam)
{
    // The same binary installed as multi-ipam is the IPAM plugin (docs/ipam.md).
    var node = Environment.GetEnvironmentVariable("NODE_NAME") is { Length: > 0 } name ? name : Environment.MachineName;
    // Unseeded: seeded from the operating system's entropy, so concurrent ADDs on many nodes start at different candidates.
    var plugin = new IpamPlugin(new KubeApiFactory(clock), clock, new Random(), node, Console.Error);
    outcome = await plugin.RunAsync(env, stdin).ConfigureAwait(false);
}
else
{
    var dispatcher = new Dispatcher(new ProcessPluginExecutor(clock), new NetnsInterfaceProbe(), new IpRouteEditor(clock), new KubeApiFactory(clock), clock, Console.Error);
    outcome = await dispatcher.RunAsync(env, stdin).ConfigureAwait(false);
}

using (var stdout = Console.OpenStandardOutput())
{
    stdout.Write(System.Text.Encoding.UTF8.GetBytes(outcome.Stdout));
}

return outcome.ExitCode;

// argv[0] as the runtime invoked us (a copy or a link named multi-ipam), else the resolved executable path.
static bool IsIpamPlugin()
{
    var args = Environment.GetCommandLineArgs();
    var invoked = args.Length > 0 ? Path.GetFileName(args[0]) : null;
    return invoked == "multi-ipam" || Path.GetFileName(Environment.ProcessPath) == "multi-ipam";
}
