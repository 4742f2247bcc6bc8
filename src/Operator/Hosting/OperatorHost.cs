using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Multi.Operator.Hosting;

/// <summary>Host wiring: options with validation on start, and the services of the selected mode.</summary>
public static class OperatorHost
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton<IValidator<OperatorOptions>, OperatorOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<OperatorOptions>, FluentOptionsValidation<OperatorOptions>>();
        builder.Services.AddOptions<OperatorOptions>().Bind(builder.Configuration.GetSection(OperatorOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ModeService>();
        if (builder.Configuration.GetSection(OperatorOptions.Section)["Mode"] is null or "manager")
        {
            builder.Services.AddHostedService<ManagerService>();
        }

        return builder.Build();
    }
}
