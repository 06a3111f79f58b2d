/**
 * Tools that make the README's pictures ({@link jcnn.tools.Readme},
 * {@link jcnn.tools.ReadmeInterpretation}) and a plain-main training run
 * ({@link jcnn.tools.TrainLecture}). Internal to the project: compiled from
 * {@code src/tools/java} into {@code target/jcnn-tools.jar}, apart from the library jar
 * (docs/ARCHITECTURE.md).
 */
package jcnn.tools;
