using System.CommandLine;
using Multi.Cli;

var options = new GlobalOptions();
var root = CliApp.Create(options, new CommandRunner(options, TimeProvider.System));
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"multictl: {error.Message}");
    }

    await Console.Error.WriteLineAsync("Run 'multictl --help' for usage.");
    return ExitCodes.Failure;
}

return await parse.InvokeAsync();
