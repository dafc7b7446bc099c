#include <QCoreApplication>

#include <gtest/gtest.h>

// Tests that need an event loop (coroutines, timers, sockets) get a QCoreApplication; the GUI tests
// have their own main with a QApplication.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
