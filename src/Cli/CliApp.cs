using System.CommandLine;
using Multi.Cli.Commands;

namespace Multi.Cli;

/// <summary>The command tree of multictl.</summary>
internal static class CliApp
{
    public static RootCommand Create(GlobalOptions options, CommandRunner runner)
    {
        var root = new RootCommand("multictl: inspect and repair Multi's cluster-wide IPAM (IP pools and IPAllocation claims), validate manifests")
        {
            options.Output,
            options.Kubeconfig,
        };
        root.Add(PoolsCommand.Create(runner));
        root.Add(PoolShowCommand.Create(runner));
        root.Add(WhoisCommand.Create(runner));
        root.Add(CheckCommand.Create(runner));
        root.Add(ReleaseCommand.Create(runner));
        root.Add(ValidateCommand.Create(runner));
        return root;
    }
}
