using Microsoft.Extensions.Hosting;
using Multi.Operator.Hosting;

await OperatorHost.Build(args).RunAsync().ConfigureAwait(false);
