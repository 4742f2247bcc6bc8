using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Multi.Operator.Hosting;

namespace Multi.Operator.NodeAgent.HostLinks;

/// <summary>Agent mode's host-interface services: the options (validated on start) and, when enabled, the reconcile.</summary>
internal static class HostInterfaceRegistration
{
    public static void AddHostInterfaces(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(HostInterfaceOptions.Section);
        services.AddSingleton<IValidator<HostInterfaceOptions>, HostInterfaceOptionsValidator>();
        services.AddSingleton<IValidateOptions<HostInterfaceOptions>, FluentOptionsValidation<HostInterfaceOptions>>();
        services.AddOptions<HostInterfaceOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<HostInterfaceReadiness>();
        if (section.GetValue<bool?>(nameof(HostInterfaceOptions.Enabled)) ?? new HostInterfaceOptions().Enabled)
        {
            services.AddHostedService<HostInterfaceService>();
        }
    }
}
