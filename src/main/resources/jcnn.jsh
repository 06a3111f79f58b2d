// jcnn's names for a plain JShell:
//   jshell --class-path target/jcnn.jar --add-modules jdk.incubator.vector \
//          -R--add-modules -Rjdk.incubator.vector --startup DEFAULT --startup jcnn.jsh
// (the kernel and the notebook runner start every session with the same imports)
import java.util.*;
import java.util.stream.*;
import java.io.*;
import java.nio.file.*;
import jcnn.tensor.*;
import jcnn.nn.*;
import jcnn.optim.*;
import jcnn.model.*;
import jcnn.data.*;
import jcnn.plot.*;
import jcnn.display.*;
import jcnn.display.widgets.*;
import static jcnn.display.Display.display;
import static jcnn.display.Display.html;
import static jcnn.display.Display.markdown;
import static jcnn.display.Display.clearOutput;
import static jcnn.model.Cnn.*;
import static jcnn.optim.Optimizers.*;
import static jcnn.model.Callbacks.*;
