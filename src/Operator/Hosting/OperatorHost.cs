using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Multi.Operator.Entities;
using Multi.Operator.NodeAgent.CniServer;
using Multi.Operator.NodeAgent.CniServer.Kube;
using Multi.Operator.NodeAgent.HostLinks;
using Multi.Operator.NodeAgent.Install;

namespace Multi.Operator.Hosting;

/// <summary>Host wiring: options with validation on start, and the services of the selected mode.</summary>
public static class OperatorHost
{
    public static IHost Build(string[] args)
    {
        KubernetesJsonTypes.Register();
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton<IValidator<OperatorOptions>, OperatorOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<OperatorOptions>, FluentOptionsValidation<OperatorOptions>>();
        builder.Services.AddOptions<OperatorOptions>().Bind(builder.Configuration.GetSection(OperatorOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ModeService>();
        var mode = builder.Configuration.GetSection(OperatorOptions.Section)["Mode"];
        // OperatorModes' switches are constants in an executable published for one mode: the other branch is dropped.
        if ((mode is null or "manager") && OperatorModes.ManagerSupported)
        {
            builder.Services.AddHostedService<ManagerService>();
        }
        else if (mode == "agent" && OperatorModes.AgentSupported)
        {
            builder.Services.AddSingleton<IValidator<InstallOptions>, InstallOptionsValidator>();
            builder.Services.AddSingleton<IValidateOptions<InstallOptions>, FluentOptionsValidation<InstallOptions>>();
            builder.Services.AddOptions<InstallOptions>().Bind(builder.Configuration.GetSection(InstallOptions.Section)).ValidateOnStart();
            if (builder.Configuration.GetSection(InstallOptions.Section).GetValue<bool>(nameof(InstallOptions.Enabled)))
            {
                builder.Services.AddHostedService<NodeInstallService>();
            }

            builder.Services.AddCniDaemon(builder.Configuration);
            builder.Services.AddNodeApiAccess();
            builder.Services.AddHostInterfaces(builder.Configuration);
        }

        return builder.Build();
    }
}
