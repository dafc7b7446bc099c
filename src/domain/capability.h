#pragma once

#include <QStringList>
#include <QStringView>

#include <bit>
#include <optional>

namespace Orc::Domain {

// The one capability list of CONTRACT.md §2.
enum class Capability {
    RequirementsAnalysis,
    SystemDesign,
    ArchitecturePlanning,
    TaskDecomposition,
    CodeGeneration,
    TestGeneration,
    Documentation,
    Refactoring,
    CodeReview,
    SecurityAudit,
    PerformanceAnalysis,
    ComplianceCheck,
    Debugging,
    Troubleshooting,
    RootCauseAnalysis,
    Optimization,
    Deployment,
    Configuration,
    Monitoring,
    Scaling,
    WorkflowOrchestration,
    ResourceAllocation,
    ConflictResolution,
    ProgressTracking,
    BackendDevelopment,
    FrontendDevelopment,
    DatabaseDesign,
    ApiDevelopment,
    Testing,
    BugFixing,
};

inline constexpr int CapabilityCount = 30;

QString capabilityName(Capability capability);
std::optional<Capability> capabilityFromName(QStringView name);
QStringList capabilityNames();

// A set of capabilities as a bit mask: subset and overlap tests are single instructions, which is
// what keeps routing among many agents cheap.
class CapabilitySet
{
public:
    constexpr CapabilitySet() = default;
    constexpr explicit CapabilitySet(quint32 bits) : m_bits(bits) {}
    CapabilitySet(std::initializer_list<Capability> capabilities)
    {
        for (Capability c : capabilities)
            insert(c);
    }

    // Parses wire names; unknown names are returned in `unknown` (if given) and skipped.
    static CapabilitySet fromNames(const QStringList &names, QStringList *unknown = nullptr);

    constexpr quint32 bits() const { return m_bits; }
    constexpr bool isEmpty() const { return m_bits == 0; }
    constexpr int size() const { return std::popcount(m_bits); }
    constexpr bool contains(Capability c) const { return (m_bits & bit(c)) != 0; }
    constexpr bool containsAll(CapabilitySet other) const { return (m_bits & other.m_bits) == other.m_bits; }
    constexpr int overlap(CapabilitySet other) const { return std::popcount(m_bits & other.m_bits); }
    void insert(Capability c) { m_bits |= bit(c); }
    void remove(Capability c) { m_bits &= ~bit(c); }

    QList<Capability> toList() const;
    QStringList names() const;

    friend constexpr bool operator==(CapabilitySet, CapabilitySet) = default;

private:
    static constexpr quint32 bit(Capability c) { return quint32(1) << static_cast<int>(c); }
    quint32 m_bits = 0;
};

} // namespace Orc::Domain
