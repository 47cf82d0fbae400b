#include "window/guiapp.h"

int main(int argc, char *argv[])
{
    return Fanout::runGuiApplication(argc, argv);
}
