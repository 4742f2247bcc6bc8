using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Multi.Operator.Hosting;

try
{
    await OperatorHost.Build(args).RunAsync().ConfigureAwait(false);
}
catch (OptionsValidationException ex)
{
    // A bad option is the admin's input: name it and stop, without a stack trace (the Deployment shows the last line).
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync($"multi operator: invalid option: {failure}").ConfigureAwait(false);
    }

    return 2;
}

return Environment.ExitCode;
