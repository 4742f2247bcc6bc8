using Multi.Core.Cni;
using Multi.MetaPlugin;
using Multi.MetaPlugin.Delegation;
using Multi.MetaPlugin.Kube;
using Multi.MetaPlugin.Netns;

// The CNI entry point: environment and stdin are read once; stdout carries only the result or the error.
byte[] stdin;
try
{
    using var input = Console.OpenStandardInput();
    using var buffer = new MemoryStream();
    input.CopyTo(buffer);
    stdin = buffer.ToArray();
}
catch (IOException ex)
{
    var failure = PluginOutcome.Failure(new CniError(CniErrorCode.IoFailure, "cannot read stdin", ex.Message), CniVersion.Latest);
    Console.Out.Write(failure.Stdout);
    return failure.ExitCode;
}

var clock = TimeProvider.System;
var dispatcher = new Dispatcher(new ProcessPluginExecutor(clock), new NetnsInterfaceProbe(), new IpRouteEditor(clock), new KubeApiFactory(clock), clock, Console.Error);
var outcome = await dispatcher.RunAsync(CniEnvironment.From(Environment.GetEnvironmentVariable), stdin).ConfigureAwait(false);
using (var stdout = Console.OpenStandardOutput())
{
    stdout.Write(System.Text.Encoding.UTF8.GetBytes(outcome.Stdout));
}

return outcome.ExitCode;
