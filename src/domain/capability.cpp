#include "domain/capability.h"

#include "domain/enumnames.h"

namespace Orc::Domain {

template<>
struct EnumNames<Capability>
{
    static constexpr std::array names{
        "requirements_analysis",
        "system_design",
        "architecture_planning",
        "task_decomposition",
        "code_generation",
        "test_generation",
        "documentation",
        "refactoring",
        "code_review",
        "security_audit",
        "performance_analysis",
        "compliance_check",
        "debugging",
        "troubleshooting",
        "root_cause_analysis",
        "optimization",
        "deployment",
        "configuration",
        "monitoring",
        "scaling",
        "workflow_orchestration",
        "resource_allocation",
        "conflict_resolution",
        "progress_tracking",
        "backend_development",
        "frontend_development",
        "database_design",
        "api_development",
        "testing",
        "bug_fixing",
    };
};
static_assert(EnumNames<Capability>::names.size() == CapabilityCount);

QString capabilityName(Capability capability)
{
    return enumName(capability);
}

std::optional<Capability> capabilityFromName(QStringView name)
{
    return enumFromName<Capability>(name);
}

QStringList capabilityNames()
{
    return enumNameList<Capability>();
}

CapabilitySet CapabilitySet::fromNames(const QStringList &names, QStringList *unknown)
{
    CapabilitySet set;
    for (const QString &name : names) {
        if (const auto c = capabilityFromName(name))
            set.insert(*c);
        else if (unknown)
            unknown->append(name);
    }
    return set;
}

QList<Capability> CapabilitySet::toList() const
{
    QList<Capability> list;
    for (int i = 0; i < CapabilityCount; ++i) {
        if (m_bits & (quint32(1) << i))
            list.append(static_cast<Capability>(i));
    }
    return list;
}

QStringList CapabilitySet::names() const
{
    QStringList list;
    for (Capability c : toList())
        list.append(capabilityName(c));
    return list;
}

} // namespace Orc::Domain
